import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { type CliIo, main } from '../../lambdas/cli/main.ts';

export const REPO = join(import.meta.dirname, '..', '..');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process: the same code path as the binary, without a Node start-up per case. */
export async function runCli(
  args: readonly string[],
  io: Omit<CliIo, 'stdout' | 'stderr'> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    ...io,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

/** Runs the real entry (`bin/driftwatch.mjs`) in a child process, as a user would. */
export function spawnCli(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO, 'bin', 'driftwatch.mjs'), ...args],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
