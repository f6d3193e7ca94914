import { Command, CommanderError, Option } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { TABLE_FORMAT_NAMES, type TableFormatName } from '../io/format.ts';
import { visibleText } from '../safe-text.ts';
import { checkFiles } from './check-command.ts';
import { describeError } from './describe-error.ts';
import { EXIT_BAD_INPUT } from './exit-codes.ts';
import { runProfile } from './profile-command.ts';
import type { WorkerStart } from './profile-in-worker.ts';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Print stack traces of unexpected errors. */
  readonly debug?: boolean;
  /** Colour the table: stdout is a terminal and NO_COLOR is unset. @default false */
  readonly color?: boolean;
  /** stderr is a terminal, so long reads may draw a progress bar there. @default false */
  readonly progress?: boolean;
  /**
   * `check` profiles baseline and current in two worker threads at once (the binary turns this
   * on; in-process tests leave it off), or with the given worker script. @default false
   */
  readonly workers?: boolean | WorkerStart;
}

/** `--input-format`: its choices are the format list's names, so a format added there appears here. */
function inputFormatOption(): Option {
  return new Option(
    '--input-format <format>',
    'read the files as this format whatever their names (.txt, a bare .gz)',
  ).choices(TABLE_FORMAT_NAMES);
}

function decimalOption(): Option {
  return new Option('--decimal <separator>', 'decimal separator of CSV numbers (, reads 3,14)').choices([
    '.',
    ',',
  ]);
}

/** The whole CLI as a function, so tests run it in-process; `bin/driftwatch.ts` wires it to the process. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name('driftwatch')
    .description('Data-drift checks for ML features: compare a current snapshot with a baseline.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: (text) => io.stderr(visibleText(text)) })
    .showHelpAfterError();

  // `--exclude a,b` is two columns, as `--exclude a --exclude b` (a name holding a comma: the config's `exclude`).
  const collectNames = (value: string, previous: string[]) => [
    ...previous,
    ...value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  ];

  program
    .command('check')
    .description('compare a current table with a baseline (files, folders of part files, or a saved profile)')
    .requiredOption(
      '--baseline <path>',
      'baseline file, folder of part files, or saved profile (any name; told by content)',
    )
    .requiredOption('--current <path>', 'current file or folder of part files')
    .option('--config <monitor.json>', 'drift settings of a monitor (methods, thresholds, features)')
    .option(
      '--exclude <columns>',
      'leave columns out: a,b or repeated --exclude a --exclude b',
      collectNames,
      [],
    )
    .option('--id <column>', 'the column that names a row: profiled, not tested (README "Columns")')
    .option(
      '--timestamp <column>',
      'the column that says when a row happened: read as date-times, not tested',
    )
    .option(
      '--prediction <column>',
      "the model's output: tested and reported as prediction drift (repeatable)",
      collectNames,
      [],
    )
    .option('--target <column>', 'the label the model predicts: profiled, not tested')
    .addOption(
      new Option('--task <task>', 'measure the model\'s quality too (README "Model monitoring")').choices([
        'classification',
        'regression',
      ]),
    )
    .option('--score <column>', "the predicted probability of the positive class (a classifier's score)")
    .option('--positive-class <label>', 'the class precision, recall, F1 and the score metrics are about')
    .option(
      '--metrics <names>',
      'model metrics to measure: a,b or repeated (e.g. accuracy,roc_auc)',
      collectNames,
      [],
    )
    .option(
      '--labels <file|dir>',
      "labels (id and target columns) joined to the current table's predictions by --id",
    )
    .option('--numeric-method <method>', 'method for every numeric feature (e.g. ks, psi, wasserstein)')
    .option(
      '--categorical-method <method>',
      'method for every categorical feature (e.g. chi_square, jensen_shannon)',
    )
    .option('--threshold <x>', 'threshold for every feature (p-value or distance, by method)')
    .option(
      '--calibrate',
      "thresholds drawn from the baseline: chunks the snapshot's size against the rest of the baseline",
      false,
    )
    .addOption(
      new Option('--compat <mode>', 'reproduce another tool exactly').choices(['evidently', 'driftwatch']),
    )
    .option('--exact', 'keep every value: no sampling beyond the value budget', false)
    .addOption(inputFormatOption())
    .option('--capture-columns <names>', 'feature names of SageMaker capture CSV payloads, comma-separated')
    .addOption(decimalOption())
    .addOption(
      new Option('--format <format>', 'output format (html: a self-contained report page)')
        .choices(['table', 'json', 'html'])
        .default('table'),
    )
    .option('--out <file>', 'write the report to a file instead of stdout')
    .action(async (options) => {
      exitCode = await checkFiles(options, io.stdout, {
        color: io.color === true,
        progress: io.progress === true,
        stderr: io.stderr,
        now: () => performance.now(),
        workers: io.workers ?? false,
      });
    });

  program
    .command('profile')
    .description('profile a table and save it, for use as a --baseline later')
    .argument('<path>', 'file or folder of part files')
    .requiredOption('-o, --output <file>', 'where to write the profile (binary; any name)')
    .option('--exact', 'keep every value: no sampling beyond the value budget', false)
    .addOption(inputFormatOption())
    .addOption(decimalOption())
    .action(
      async (
        input: string,
        options: { output: string; exact: boolean; inputFormat?: TableFormatName; decimal?: '.' | ',' },
      ) => {
        exitCode = await runProfile({ input, ...options }, io.stdout);
      },
    );

  program
    .command('run')
    .description('run the scheduled check of one monitor against a local folder laid out like the bucket')
    .requiredOption('--store <folder>', 'folder holding monitors/<name>/baseline/, snapshots/, ...')
    .requiredOption('--monitor <name>', 'monitor to check')
    .option(
      '--config <driftwatch.config.json>',
      'monitor config (default: <store>/driftwatch.config.json, else defaults)',
    )
    .option('--slack-webhook <url>', 'also post the alert to this Slack incoming webhook')
    .action(async (options: { store: string; monitor: string; config?: string; slackWebhook?: string }) => {
      // Loaded on use: it needs the config schema, which `check` without --config does not.
      const { exitCodeOfRun, runMonitor } = await import('./run-command.ts');
      const { summary } = await runMonitor(options, io.stdout);
      exitCode = exitCodeOfRun(summary);
    });

  program
    .command('demo')
    .description('generate sample data in a temporary store and run the scheduled check on three snapshots')
    .action(async () => {
      // Loaded on use, as `run`: it runs a monitor from a config.
      const { runDemo } = await import('./demo-command.ts');
      await runDemo(io.stdout);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; every usage error exits 2 like bad input.
      return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    }
    io.stderr(`driftwatch: ${describeError(error)}\n`);
    if (io.debug) io.stderr(`${visibleText(String((error as Error).stack))}\n`);
    return EXIT_BAD_INPUT;
  }
}
