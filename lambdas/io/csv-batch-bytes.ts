import { Buffer } from 'node:buffer';

const QUOTE = 0x22;
const LINE_FEED = new Uint8Array([0x0a]);

/**
 * The input buffers a batch's records lie in (each record lies whole in one buffer), each at its
 * position relative to the batch's first. Cells are kept as positions into these buffers rather
 * than as copies of their bytes: the few buffers a batch spans stay alive while the batch does.
 */
export class BatchBytes {
  readonly buffers: Uint8Array[] = [];
  readonly starts: number[] = [];
  private readonly views: (Buffer | undefined)[] = [];
  /** Set by `locate`: the buffer holding a cell (its index and itself) and the cell's bytes in it. */
  at = 0;
  buffer: Uint8Array = LINE_FEED;
  from = 0;
  to = 0;

  /** @param special the scanner's table of bytes that end an unquoted field */
  constructor(private readonly special: Uint8Array) {}

  add(buffer: Uint8Array, start: number): void {
    this.buffers.push(buffer);
    this.starts.push(start);
  }

  /** Index of the buffer holding batch position `position`. */
  bufferAt(position: number): number {
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /**
   * Finds the cell stored as `start` (see ColumnBuilder.starts). Its end is found again: the
   * first quote of quoted content, the first delimiter or line end otherwise (the scanner hands
   * any other input to the library).
   */
  locate(start: number): void {
    const position = start < 0 ? -start - 1 : start;
    const at = this.bufferAt(position);
    const buffer = this.buffers[at];
    const from = position - this.starts[at];
    let to = from;
    if (start < 0) to = buffer.indexOf(QUOTE, from);
    else while (this.special[buffer[to]] === 0) to++;
    this.at = at;
    this.buffer = buffer;
    this.from = from;
    this.to = to;
  }

  /** UTF-8 text of the cell stored as `start`. */
  text(start: number): string {
    this.locate(start);
    let view = this.views[this.at];
    if (view === undefined) {
      const buffer = this.buffer;
      view = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      this.views[this.at] = view;
    }
    return view.toString('utf8', this.from, this.to);
  }
}
