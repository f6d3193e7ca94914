// `npm run golden:check`: regenerates every golden file into a temporary folder with scipy and
// compares it with the committed one within the tolerances of compare-golden.ts. It never rewrites the committed
// files; `npm run golden` does that, when asked.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareGoldenFolders } from './compare-golden.ts';

const GOLDEN = import.meta.dirname;

const out = mkdtempSync(join(tmpdir(), 'driftwatch-golden-'));
try {
  execFileSync('/usr/bin/python3', [join(GOLDEN, 'make_golden.py')], {
    cwd: join(GOLDEN, '..', '..'),
    env: { ...process.env, GOLDEN_DIR: out },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const problems = compareGoldenFolders(GOLDEN, out);
  for (const line of problems) console.error(line);
  if (problems.length > 0) {
    console.error(
      'golden:check: the generators no longer give the committed values within the tolerances of ' +
        'test/golden/compare-golden.ts. If the change is intended: npm run golden, then commit.',
    );
    process.exitCode = 1;
  } else {
    console.log(`golden:check: every golden file agrees with scipy within the stated tolerance`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
