/**
 * A seeded binary classifier's rows for model-monitoring tests: a label (30% positive), the
 * prediction (right on `accuracy` of the rows), a score leaning to what it predicted, an id, and
 * one feature `x` drawn the same way whatever the accuracy.
 */
export interface ClassifierRow {
  readonly id: string;
  readonly x: number;
  readonly label: 0 | 1;
  readonly predicted: 0 | 1;
  readonly score: number;
}

export function classifierRows(n: number, accuracy: number, seed: number, firstId = 0): ClassifierRow[] {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: n }, (_, i): ClassifierRow => {
    const label = random() < 0.3 ? 1 : 0;
    const predicted = (random() < accuracy ? label : 1 - label) as 0 | 1;
    const score = Math.round((predicted === 1 ? 0.6 + 0.4 * random() : 0.4 * random()) * 1000) / 1000;
    return { id: `order-${firstId + i}`, x: Math.round(random() * 1000) / 100, label, predicted, score };
  });
}

/** As CSV: `id,x,score,predicted[,label]`; the first `blankLabels` rows' labels left empty. */
export function classifierCsv(rows: readonly ClassifierRow[], withLabel = true, blankLabels = 0): string {
  const header = withLabel ? 'id,x,score,predicted,label' : 'id,x,score,predicted';
  const lines = rows.map(
    (r, i) =>
      `${r.id},${r.x},${r.score},${r.predicted}${withLabel ? `,${i < blankLabels ? '' : r.label}` : ''}`,
  );
  return `${[header, ...lines].join('\n')}\n`;
}

export function accuracyOf(rows: readonly ClassifierRow[]): number {
  return rows.filter((r) => r.label === r.predicted).length / rows.length;
}

/**
 * A scheduled-check config of one monitor over `classifierCsv` tables: the model's columns by role,
 * binary accuracy and recall. The score moves with the model's errors, so it is left out of the
 * drift check, which then stays quiet whatever the model does.
 */
export function classifierMonitorConfig(monitor: string, namespace: string) {
  return {
    namespace,
    monitors: [
      {
        name: monitor,
        drift: {
          columns: { id: 'id', target: 'label', prediction: 'predicted' },
          exclude: ['score'],
          model: { task: 'classification', positiveClass: 1, metrics: ['accuracy', 'recall'] },
        },
      },
    ],
  };
}
