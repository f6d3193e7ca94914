/**
 * The known name a mistyped one most likely meant, or null when none is close: a name equal to it
 * but for case wins; else the smallest edit distance (insertions, deletions, substitutions and
 * swaps of neighbours, case-insensitive), if it is at most a third of the longer name (at least
 * 1, at most 3): past that a "did you mean" is noise. Ties go to the earlier known name.
 */
export function closestName(wanted: string, known: readonly string[]): string | null {
  const folded = wanted.toLowerCase();
  const sameButCase = known.find((name) => name.toLowerCase() === folded);
  if (sameButCase !== undefined) return sameButCase;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const allowed = Math.min(3, Math.max(1, Math.floor(Math.max(name.length, wanted.length) / 3)));
    // Lengths alone rule most names out without the quadratic table.
    if (Math.abs(name.length - wanted.length) > allowed) continue;
    const distance = editDistance(folded, name.toLowerCase());
    if (distance <= allowed && distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance (Levenshtein plus swaps of neighbours), in UTF-16 units. */
function editDistance(a: string, b: string): number {
  const width = b.length + 1;
  let twoBack = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let row = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, twoBack[j - 2] + 1);
      row[j] = d;
    }
    [twoBack, previous, row] = [previous, row, twoBack];
  }
  return previous[b.length];
}
