import { describe, expect, it } from 'vitest';
import { BaselineError } from '../../lambdas/check/baseline-profile.ts';
import { FanOutError } from '../../lambdas/check/step-functions-starter.ts';
import { describeError } from '../../lambdas/cli/describe-error.ts';
import { ConfigError } from '../../lambdas/config-error.ts';
import { DriftwatchError, SnapshotFormatError, UsageError } from '../../lambdas/core/errors.ts';
import { FeatureInputError } from '../../lambdas/core/feature-inputs.ts';
import { ProfileFormatError } from '../../lambdas/core/profile/serialize-profile.ts';
import { PartialProfileError } from '../../lambdas/fanout/partial-profile.ts';
import { IncompleteFanOutError } from '../../lambdas/fanout/reduce.ts';
import { CsvNeedsLibrary } from '../../lambdas/io/csv-scanner.ts';
import { SlackPostError } from '../../lambdas/slack/post-to-slack.ts';

const userFacing: [string, Error][] = [
  ['SnapshotFormatError', new SnapshotFormatError('cur.csv', 'row 3', 'expected 2 fields, found 1')],
  ['UsageError', new UsageError('unknown method "nope"')],
  ['ConfigError', new ConfigError('monitors.0.name: required')],
  ['ProfileFormatError', new ProfileFormatError('base.profile: truncated profile container')],
  ['BaselineError', new BaselineError('no baseline under monitors/m/baseline/')],
  ['FeatureInputError', new FeatureInputError('no finite values')],
  ['PartialProfileError', new PartialProfileError('part 3: not a partial profile')],
  ['FanOutError', new FanOutError('fan-out attempts exhausted')],
  ['IncompleteFanOutError', new IncompleteFanOutError('2 parts missing')],
  ['SlackPostError', new SlackPostError('Slack answered 404')],
];

describe('describeError', () => {
  it.each(userFacing)('prints a %s message as it is', (name, error) => {
    expect(error).toBeInstanceOf(DriftwatchError);
    expect(error.name).toBe(name);
    expect(describeError(error)).toBe(error.message);
  });

  it('reports any other error as unexpected, with the debug switch', () => {
    expect(describeError(new TypeError('x is undefined'))).toBe(
      'unexpected error: x is undefined (set DRIFTWATCH_DEBUG=1 for details)',
    );
  });

  it('reports a reader fallback signal that escaped as unexpected', () => {
    expect(describeError(new CsvNeedsLibrary(3, 'doubled quote'))).toMatch(
      /^unexpected error: doubled quote/,
    );
  });

  it('names the path of a missing file', () => {
    const missing = Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: 'data/x.csv' });
    expect(describeError(missing)).toBe('data/x.csv: no such file or folder');
  });
});
