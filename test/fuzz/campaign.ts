/**
 * The longer local fuzz campaign: mutated inputs through the built CLI (`dist/driftwatch.mjs
 * check`) in child processes capped in memory (--max-old-space-size) and time, tallied by how
 * each run ended. Run from the repository root after `npm ci` (which builds dist/):
 *   npx tsx test/fuzz/campaign.ts [minutes=20] [seed=1] [outFolder=fuzz-campaign]
 * Prints the tally, and keeps the inputs of runs that ended badly in the output folder.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validCsv } from './hostile-inputs.ts';
import { mutate, seededRandom, validSeeds } from './mutations.ts';

const minutes = Number(process.argv[2] ?? 20);
const seed = Number(process.argv[3] ?? 1);
const out = process.argv[4] ?? 'fuzz-campaign';
const TIME_CAP_MS = 60_000;
const MEMORY_CAP_MB = 1536;

type Ending =
  | 'exit 0'
  | 'exit 1'
  | 'exit 2'
  | 'exit 3'
  | 'unexpected error'
  | 'stack trace'
  | 'time cap'
  | 'crash';

function runCli(baseline: string, current: string): Promise<{ ending: Ending; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${MEMORY_CAP_MB}`,
        'dist/driftwatch.mjs',
        'check',
        '--baseline',
        baseline,
        '--current',
        current,
        '--format',
        'json',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIME_CAP_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let ending: Ending;
      if (signal === 'SIGKILL') ending = 'time cap';
      else if (/\n\s+at /.test(stderr)) ending = 'stack trace';
      else if (code === 0 || code === 1 || code === 2 || code === 3)
        ending = /unexpected error/.test(stderr) ? 'unexpected error' : (`exit ${code}` as Ending);
      else ending = 'crash';
      resolve({ ending, stderr });
    });
  });
}

await mkdir(out, { recursive: true });
const random = seededRandom(seed);
const seeds = await validSeeds();
const valid = join(out, 'valid.csv');
await writeFile(valid, validCsv());
const tally = new Map<Ending, number>();
const deadline = Date.now() + minutes * 60_000;
let runs = 0;
console.log(`campaign seed ${seed}, ${minutes} min, caps ${TIME_CAP_MS / 1000} s and ${MEMORY_CAP_MB} MB`);
while (Date.now() < deadline) {
  const input = seeds[runs % seeds.length];
  const bytes = mutate(input, random);
  const path = join(out, `current-${input.name}`);
  await writeFile(path, bytes);
  const { ending, stderr } = await runCli(input.profile ? path : valid, input.profile ? valid : path);
  tally.set(ending, (tally.get(ending) ?? 0) + 1);
  if (!ending.startsWith('exit')) {
    await writeFile(join(out, `bad-${runs}-${input.name}`), bytes);
    await writeFile(join(out, `bad-${runs}.txt`), `${ending}\n${stderr}`);
  }
  runs++;
  if (runs % 100 === 0) console.log(`${runs} runs: ${[...tally].map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
console.log(`done: ${runs} runs: ${[...tally].map(([k, v]) => `${k} ${v}`).join(', ')}`);
