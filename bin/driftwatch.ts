import { main } from '../lambdas/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  debug: Boolean(process.env.DRIFTWATCH_DEBUG),
  // no-color.org: any non-empty NO_COLOR turns colour off.
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  progress: process.stderr.isTTY === true,
  // Two cores for two tables; DRIFTWATCH_WORKERS=0 reads them one after the other in-process.
  workers: process.env.DRIFTWATCH_WORKERS !== '0',
});
