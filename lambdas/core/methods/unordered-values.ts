/**
 * The merge loops of the rank and distribution methods step over each run of equal values; a
 * NaN equals nothing, so a loop that met one would never advance. Profiles keep finite values
 * only (a loaded profile is checked), so this is a bug or damage: fail instead of spinning.
 */
export class UnorderedValuesError extends Error {
  override readonly name = 'UnorderedValuesError';
  constructor(method: string) {
    super(`${method}: the values are not finite and ordered (a NaN among them?)`);
  }
}
