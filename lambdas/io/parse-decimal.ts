import { Buffer } from 'node:buffer';

const TWO_POW_53 = 9007199254740992;
/** Exact powers of ten as doubles (10^0 .. 10^22), for Clinger's fast path. */
export const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * `Number(text)` for text matching cell-parsing's NUMBER form `[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?`,
 * NaN for anything else (the caller then leaves the column to the profiler's cell parsing).
 * Up to 15 significant digits and a decimal exponent within ±22 take Clinger's fast path — one
 * correctly rounded multiplication or division of exact doubles, so the same double as `Number`;
 * everything else goes through `Number` itself.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  let negative = false;
  if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) {
    negative = buf[p] === 0x2d;
    p++;
  }
  let mantissa = 0;
  let significant = 0;
  let intDigits = 0;
  let fracDigits = 0;
  let dropped = 0;
  while (p < end) {
    const d = buf[p] - 0x30;
    if (d < 0 || d > 9) break;
    if (significant > 0 || d !== 0) {
      if (significant < 15) mantissa = mantissa * 10 + d;
      else dropped++;
      significant++;
    }
    intDigits++;
    p++;
  }
  if (p < end && buf[p] === 0x2e) {
    p++;
    while (p < end) {
      const d = buf[p] - 0x30;
      if (d < 0 || d > 9) break;
      if (significant > 0 || d !== 0) {
        if (significant < 15) {
          mantissa = mantissa * 10 + d;
          fracDigits++;
        } else dropped++;
        significant++;
      } else fracDigits++;
      p++;
    }
    if (intDigits === 0 && fracDigits === 0 && dropped === 0) return Number.NaN;
  } else if (intDigits === 0) return Number.NaN;
  let exponent = 0;
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    p++;
    let expNegative = false;
    if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) {
      expNegative = buf[p] === 0x2d;
      p++;
    }
    const expStart = p;
    while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39 && p - expStart < 6) {
      exponent = exponent * 10 + (buf[p] - 0x30);
      p++;
    }
    if (p === expStart) return Number.NaN;
    if (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) return slowNumber(buf, start, end);
    if (expNegative) exponent = -exponent;
  }
  if (p !== end) return Number.NaN;
  if (dropped > 0 || mantissa >= TWO_POW_53) return slowNumber(buf, start, end);
  const scale = exponent - fracDigits;
  let value: number;
  if (scale === 0) value = mantissa;
  else if (scale > 0 && scale <= 22) value = mantissa * POW10[scale];
  else if (scale < 0 && scale >= -22) value = mantissa / POW10[-scale];
  else return slowNumber(buf, start, end);
  return negative ? -value : value;
}

function slowNumber(buf: Uint8Array, start: number, end: number): number {
  return Number(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1', start, end));
}
