/**
 * Read + profile one CSV file in-process: the byte-level scanner path
 * against the csv-parse path (`fastPath: false`) in the same process, median of RUNS each,
 * alternating so a neighbour's load hits both alike. Prints ns/byte and MB/s and the ratio.
 * Also checks that both paths give the same profile. Not a test: numbers go into the note.
 *
 *   npx tsx bench/csv-read.ts [file=bench/data/reference-1000000.csv] [runs=5] [library=1]
 *
 * `library=0` skips the (slow) csv-parse runs and the profile comparison.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Profiler } from '../lambdas/core/profile/profiler.ts';
import { profileToJson } from '../lambdas/core/profile/serialize-profile.ts';
import { CsvReader } from '../lambdas/io/csv-reader.ts';
import { LocalFileSource } from '../lambdas/io/local-file-source.ts';

const path = process.argv[2] ?? join(import.meta.dirname, 'data', 'reference-1000000.csv');
const runs = Number(process.argv[3] ?? 5);
const withLibrary = (process.argv[4] ?? '1') !== '0';
const bytes = statSync(path).size;

/** What the CLI's one-thread check does per file (profile-sources.ts), with the path chosen. */
async function readAndProfile(
  fastPath: boolean,
  profile: boolean,
): Promise<{ ms: number; cpuMs: number; json: string }> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const source = new LocalFileSource(path, path);
  const reader = new CsvReader(source, { fastPath, reuseBuffers: true });
  const profiler = new Profiler();
  for (const column of await reader.schema()) profiler.declare(column.name, column.sourceType);
  let rows = 0;
  let estimated = false;
  for await (const batch of reader.batches()) {
    if (profile) profiler.add(batch);
    rows += batch.rowCount;
    if (!estimated) {
      estimated = true;
      profiler.expectRows(Math.ceil((rows * bytes * 1.05) / source.bytesRead));
    }
  }
  const result = profiler.finish();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    json: profile && withLibrary ? profileToJson(result) : '',
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const fast: number[] = [];
const fastCpu: number[] = [];
const scanOnly: number[] = [];
const scanOnlyCpu: number[] = [];
const library: number[] = [];
const libraryCpu: number[] = [];
let same = true;
for (let run = 0; run < runs; run++) {
  const f = await readAndProfile(true, true);
  fast.push(f.ms);
  fastCpu.push(f.cpuMs);
  const s = await readAndProfile(true, false);
  scanOnly.push(s.ms);
  scanOnlyCpu.push(s.cpuMs);
  if (withLibrary) {
    const l = await readAndProfile(false, true);
    library.push(l.ms);
    libraryCpu.push(l.cpuMs);
    if (l.json !== f.json) same = false;
  }
  process.stderr.write(
    `run ${run + 1}: fast ${f.ms.toFixed(0)} ms${withLibrary ? `, csv-parse ${library[run].toFixed(0)} ms` : ''}\n`,
  );
}

// CPU time (all threads, the collector's included) is reported beside wall time: another
// process on this 2-core machine moves wall time more than CPU time.
const row = (name: string, ms: number[], cpuMs: number[]) =>
  `| ${name} | ${median(ms).toFixed(0)} ms | ${median(cpuMs).toFixed(0)} ms | ${((median(ms) * 1e6) / bytes).toFixed(2)} | ${(bytes / 1e3 / median(ms)).toFixed(0)} |`;
console.log(`${path}: ${(bytes / 1e6).toFixed(1)} MB, median of ${runs}`);
console.log('| path | wall | CPU | ns/byte (wall) | MB/s (wall) |');
console.log('| --- | --- | --- | --- | --- |');
console.log(row('scanner (fast path): read + profile', fast, fastCpu));
console.log(row('scanner: read only (no profiler)', scanOnly, scanOnlyCpu));
if (withLibrary) {
  console.log(row('csv-parse (fastPath: false): read + profile', library, libraryCpu));
  console.log(`csv-parse / scanner: ${(median(library) / median(fast)).toFixed(2)}x; same profile: ${same}`);
}
