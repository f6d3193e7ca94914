import { describe, expect, it } from 'vitest';
import { ConfigError, parseDriftSettings } from '../lambdas/config.ts';
import { DEFAULT_MODEL_MAX_ROWS } from '../lambdas/core/performance/model-spec.ts';
import { checkSetupOf } from '../lambdas/drift-settings.ts';

const parse = (input: unknown) => parseDriftSettings(input, 'monitor.json');

function configError(input: unknown): string {
  try {
    parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('model settings', () => {
  it('take target and prediction from the column roles when not named', () => {
    const settings = parse({
      columns: { target: 'label', prediction: 'predicted' },
      model: { task: 'classification', positiveClass: 1, score: 'p_fraud' },
    });
    expect(checkSetupOf(settings).model).toStrictEqual({
      task: 'classification',
      target: 'label',
      prediction: 'predicted',
      score: 'p_fraud',
      positiveClass: '1',
      metrics: [
        'accuracy',
        'balanced_accuracy',
        'f1_macro',
        'precision',
        'recall',
        'f1',
        'roc_auc',
        'average_precision',
      ],
      degradation: {},
      maxRows: DEFAULT_MODEL_MAX_ROWS,
    });
  });

  it('are off without a model section', () => {
    expect(checkSetupOf(parse({ columns: { target: 'label' } })).model).toBeNull();
  });

  it('name the field of every problem', () => {
    expect(configError({ model: { task: 'regression', metrics: ['accuracy'] } })).toContain(
      'model.metrics.0: accuracy is not a regression metric',
    );
    expect(configError({ model: { task: 'classification', score: 'p' } })).toContain(
      'model.positiveClass: the score "p" is the probability of one class: name that class',
    );
    expect(
      configError({ model: { task: 'classification', metrics: ['roc_auc'], positiveClass: 'yes' } }),
    ).toContain('model.metrics.0: roc_auc needs "score"');
    expect(configError({ model: { task: 'classification', metrics: ['f1'] } })).toContain(
      'model.metrics.0: f1 is about one class: set "positiveClass"',
    );
    expect(
      configError({ model: { task: 'regression', degradation: { mape: { type: 'relative', value: 0.1 } } } }),
    ).toContain('model.degradation.mape: mape is not measured; the metrics are mae, rmse, r2');
    expect(
      configError({ model: { task: 'regression', degradation: { rmse: { type: 'relative', value: -1 } } } }),
    ).toContain('model.degradation.rmse.value');
    expect(configError({ model: { task: 'ranking' } })).toContain('model.task');
    expect(configError({ model: { task: 'regression', labels: 'x' } })).toContain('model');
  });

  it('say where the label column is to be named when no role gives it', () => {
    expect(() => checkSetupOf(parse({ model: { task: 'regression', prediction: 'yhat' } }))).toThrow(
      'model.target: name the label column here, in columns.target, or with --target',
    );
    expect(() =>
      checkSetupOf(
        parse({ columns: { target: 'y', prediction: ['a', 'b'] }, model: { task: 'regression' } }),
      ),
    ).toThrow('model.prediction: columns.prediction names 2 columns (a, b)');
  });

  it('take the CLI flags over the settings, and name the flag in an error', () => {
    const settings = parse({ model: { task: 'regression', target: 'y', prediction: 'yhat' } });
    const setup = checkSetupOf(settings, {
      model: { task: 'classification', positiveClass: 'spam', score: 'p' },
    });
    expect(setup.model).toMatchObject({
      task: 'classification',
      target: 'y',
      prediction: 'yhat',
      score: 'p',
    });
    expect(setup.namedColumns).toContainEqual({ setting: '--score', name: 'p' });
    expect(setup.namedColumns).toContainEqual({ setting: 'model.target', name: 'y' });
    expect(() => checkSetupOf(settings, { model: { metrics: ['accuracy'] } })).toThrow(
      '--metrics: accuracy is not a regression metric',
    );
    expect(() => checkSetupOf(parse({}), { model: { score: 'p' } })).toThrow(
      '--score: model monitoring needs --task classification|regression',
    );
    expect(
      checkSetupOf(parse({}), {
        columns: { target: 'y', prediction: ['yhat'] },
        model: { task: 'regression' },
      }).model,
    ).toMatchObject({
      target: 'y',
      prediction: 'yhat',
      metrics: ['mae', 'rmse', 'r2'],
    });
  });
});
