import { prestartWorkers } from '../lambdas/cli/worker-start.ts';
import { CLI_ENV } from '../lambdas/environment-variables.ts';

// Two cores for two tables; 0 reads them one after the other in-process.
const workers = process.env[CLI_ENV.workers] !== '0';
// A check's two workers boot while this thread loads the rest of the CLI.
if (workers && process.argv[2] === 'check') prestartWorkers(2);
const { main } = await import('../lambdas/cli/main.ts');

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  debug: Boolean(process.env[CLI_ENV.debug]),
  // no-color.org: any non-empty NO_COLOR turns colour off.
  color: process.stdout.isTTY === true && !process.env.NO_COLOR,
  progress: process.stderr.isTTY === true,
  workers,
});
