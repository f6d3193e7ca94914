import { SnapshotFormatError } from '../core/errors.ts';

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

type State = 'start' | 'beforeElement' | 'afterComma' | 'inElement' | 'afterElement' | 'end';

/** One element of the array: its JSON text and its 1-based position. */
export interface JsonArrayElement {
  readonly text: string;
  readonly index: number;
}

/**
 * Splits a JSON array (`[{...}, {...}]`, what pandas `to_json(orient="records")` writes) into its
 * top-level elements' texts as chunks of it arrive, so a file of any size is parsed one element at
 * a time. Bounded like the JSON Lines reader: an element longer than `maxElementChars` or nesting
 * deeper than `maxDepth` is an error before it is held or parsed whole. It checks the array's
 * frame (brackets, commas, nothing after the end); each element's own syntax is `JSON.parse`'s.
 */
export class JsonArrayElements {
  private state: State = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private pieces: string[] = [];
  private pending = 0;
  private count = 0;

  constructor(
    private readonly source: string,
    private readonly maxElementChars: number,
    private readonly maxDepth: number,
  ) {}

  /** The elements completed by this chunk, in order. */
  push(text: string): JsonArrayElement[] {
    const done: JsonArrayElement[] = [];
    let elementStart = this.state === 'inElement' ? 0 : -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      switch (this.state) {
        case 'start':
          if (isSpace(c)) continue;
          if (c !== OPEN_BRACKET)
            throw this.error('expected a JSON array of objects ([{...}, ...]) or JSON Lines');
          this.state = 'beforeElement';
          continue;
        case 'beforeElement':
        case 'afterComma':
          if (isSpace(c)) continue;
          if (c === CLOSE_BRACKET) {
            if (this.state === 'afterComma')
              throw this.error(`a ',' after element ${this.count} is followed by ']'`);
            this.state = 'end';
            continue;
          }
          this.state = 'inElement';
          elementStart = i;
          this.depth = 0;
          break;
        case 'afterElement':
          if (isSpace(c)) continue;
          if (c === COMMA) this.state = 'afterComma';
          else if (c === CLOSE_BRACKET) this.state = 'end';
          else throw this.error(`expected ',' or ']' after element ${this.count}`);
          continue;
        case 'end':
          if (isSpace(c)) continue;
          throw this.error('text after the end of the array');
        case 'inElement':
          break;
      }
      // Inside an element.
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        this.depth++;
        if (this.depth > this.maxDepth) {
          throw this.error(
            `element ${this.count + 1} nests deeper than ${this.maxDepth - 1} levels (readLimits.maxNestingDepth)`,
          );
        }
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === 0) {
          // A bare value (`[1, 2]`) ends at the array's close; JSON.parse words what it is.
          done.push(this.finish(text, elementStart, i));
          this.state = 'end';
          continue;
        }
        this.depth--;
        if (this.depth === 0) {
          done.push(this.finish(text, elementStart, i + 1));
          this.state = 'afterElement';
        }
      } else if (c === COMMA && this.depth === 0) {
        done.push(this.finish(text, elementStart, i));
        this.state = 'afterComma';
      }
    }
    if (this.state === 'inElement') this.keep(text.slice(Math.max(0, elementStart)));
    return done;
  }

  /** The input ended: it must have closed the array. */
  end(): void {
    if (this.state === 'start') return; // empty or blank: no rows, as an empty JSON Lines file
    if (this.state !== 'end') {
      throw this.error(`the array is not closed after element ${this.count} (is the file truncated?)`);
    }
  }

  private finish(text: string, from: number, to: number): JsonArrayElement {
    const tail = text.slice(Math.max(0, from), to);
    this.keep(tail);
    const element = { text: this.pieces.length === 1 ? tail : this.pieces.join(''), index: ++this.count };
    this.pieces = [];
    this.pending = 0;
    return element;
  }

  private keep(piece: string): void {
    this.pieces.push(piece);
    this.pending += piece.length;
    if (this.pending > this.maxElementChars) {
      throw this.error(
        `element ${this.count + 1} is longer than ${this.maxElementChars} bytes (readLimits.maxLineBytes)`,
      );
    }
  }

  private error(problem: string): SnapshotFormatError {
    return new SnapshotFormatError(this.source, null, problem);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
