/**
 * Class labels to codes, one shared dictionary for target and prediction so that equal labels get
 * equal codes. The wiring reads each cell as text (a number's canonical text), so `1` and `"1"` are
 * one class, as they are in a CSV.
 */
export class LabelEncoder {
  private readonly codes = new Map<string, number>();
  readonly classes: string[] = [];

  /** The code of `label`, assigned on first sight; -1 for a missing label. */
  code(label: string | null): number {
    if (label === null) return -1;
    let code = this.codes.get(label);
    if (code === undefined) {
      code = this.classes.length;
      this.codes.set(label, code);
      this.classes.push(label);
    }
    return code;
  }
}
