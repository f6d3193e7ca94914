import { Command, CommanderError, Option } from 'commander';
import { runCheck } from '../lambdas/cli/check-command.ts';
import { describeError } from '../lambdas/cli/describe-error.ts';
import { runProfile } from '../lambdas/cli/profile-command.ts';

const EXIT_BAD_INPUT = 2;

const write = (text: string) => process.stdout.write(text);

const program = new Command()
  .name('driftwatch')
  .description('Data-drift checks for ML features: compare a current snapshot with a baseline.')
  .exitOverride()
  .showHelpAfterError();

const collect = (value: string, previous: string[]) => [...previous, value];

program
  .command('check')
  .description('compare a current table with a baseline (files, folders of part files, or a saved profile)')
  .requiredOption('--baseline <path>', 'baseline file, folder of part files, or saved profile (.json)')
  .requiredOption('--current <path>', 'current file or folder of part files')
  .option('--config <monitor.json>', 'drift settings of a monitor (methods, thresholds, features)')
  .option('--exclude <column>', 'leave a column out (repeatable)', collect, [])
  .option('--numeric-method <method>', 'method for every numeric feature (e.g. ks, psi, wasserstein)')
  .option(
    '--categorical-method <method>',
    'method for every categorical feature (e.g. chi_square, jensen_shannon)',
  )
  .option('--threshold <x>', 'threshold for every feature (p-value or distance, by method)')
  .addOption(
    new Option('--compat <mode>', 'reproduce another tool exactly').choices(['evidently', 'driftwatch']),
  )
  .option('--exact', 'keep every value: no sampling beyond the value budget', false)
  .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
  .option('--out <file>', 'write the report to a file instead of stdout')
  .action(async (options) => {
    process.exitCode = await runCheck(options, write);
  });

program
  .command('profile')
  .description('profile a table and save it, for use as a --baseline later')
  .argument('<path>', 'file or folder of part files')
  .requiredOption('-o, --output <profile.json>', 'where to write the profile')
  .option('--exact', 'keep every value: no sampling beyond the value budget', false)
  .action(async (input: string, options: { output: string; exact: boolean }) => {
    process.exitCode = await runProfile({ input, output: options.output, exact: options.exact }, write);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not errors; every usage error exits 2 like bad input.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else {
    process.stderr.write(`driftwatch: ${describeError(error)}\n`);
    if (process.env.DRIFTWATCH_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = EXIT_BAD_INPUT;
  }
}
