import { defineConfig } from 'vitest/config';

/**
 * Test projects, by what a test needs besides Node:
 * - `unit`: the engine, readers, formatters, config and CDK templates, in process (`npm test`);
 * - `cli`: the `driftwatch` binary run as a process, and the packed production install;
 * - `lambda`: Lambda code against the S3/SNS/CloudWatch emulators, the bundles from the cloud
 *   assembly and the fan-out; CI runs it a second time under Node 24, the Lambda runtime
 *   (`npm run test:node24`);
 * - `browser`: the HTML report in headless Chromium.
 * `npm run test:all` (CI) runs every project.
 */
const LAMBDA = [
  'test/**/*.bundle.test.ts',
  'test/**/*.e2e.test.ts',
  'test/check/**/*.test.ts',
  'test/fanout/**/*.test.ts',
  'test/slack/**/*.test.ts',
  'test/io/s3-*.test.ts',
];
const CLI = ['test/cli/**/*.test.ts', 'test/bin/**/*.test.ts', 'test/package/**/*.test.ts'];
const BROWSER = ['test/**/*.browser.test.ts'];

export default defineConfig({
  test: {
    setupFiles: ['test/support/fast-check-seed.ts'],
    // Ceilings for a hung test, not speed targets: set-up hooks that synthesise a stack or start
    // emulators get twice a test's time, so a slower or busy CPU does not fail them.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...LAMBDA, ...CLI, ...BROWSER] },
      },
      { extends: true, test: { name: 'cli', include: CLI } },
      { extends: true, test: { name: 'lambda', include: LAMBDA, exclude: BROWSER } },
      { extends: true, test: { name: 'browser', include: BROWSER } },
    ],
  },
});
