import { main } from '../lambdas/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  debug: Boolean(process.env.DRIFTWATCH_DEBUG),
});
