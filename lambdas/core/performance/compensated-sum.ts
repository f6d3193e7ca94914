/**
 * A running sum with Neumaier's compensation: its error stays within a few ulps of the exact sum
 * whatever the number of terms, so a mean over a million rows agrees with numpy's pairwise sum far
 * inside the 1e-9 the metrics are held to, without keeping the terms.
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    if (Math.abs(this.sum) >= Math.abs(x)) this.compensation += this.sum - t + x;
    else this.compensation += x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}
