import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleJson, visibleLine, visibleText } from '../lambdas/safe-text.ts';

const BIDI = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c];

describe('visibleText', () => {
  it('marks every bidi embedding, override, isolate and mark with its code point', () => {
    for (const code of BIDI) {
      const hex = code.toString(16).toUpperCase().padStart(4, '0');
      expect(visibleText(`a${String.fromCodePoint(code)}b`)).toBe(`a<U+${hex}>b`);
    }
  });

  it('marks C0 and C1 controls, DEL, invisible format characters and lone surrogates', () => {
    expect(visibleText('\x00\x1b[31m\x7f\x9b\r')).toBe('<U+0000><U+001B>[31m<U+007F><U+009B><U+000D>');
    expect(visibleText('a\u200bb\ufeffc\u00add\u2060e')).toBe('a<U+200B>b<U+FEFF>c<U+00AD>d<U+2060>e');
    expect(visibleText('tag\u{E0041} lone\ud800')).toBe('tag<U+E0041> lone<U+D800>');
  });

  it('keeps tabs, line feeds, joiners and ordinary text of any script as they are', () => {
    const text = 'név\tשלום\nمرحبا می\u200cخواهم 👩\u200d💻 日本語 <b>&';
    expect(visibleText(text)).toBe(text);
  });
});

describe('visibleLine', () => {
  it('puts a field on one line: each run of line breaks and tabs becomes one space', () => {
    expect(visibleLine('a\r\n\tb\u2028c\u0085d')).toBe('a b c d');
    expect(visibleLine('x\u202Ey')).toBe('x<U+202E>y');
  });
});

describe('visibleJson', () => {
  it('is the same JSON value, with nothing left that acts in a terminal', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' })), (value) => {
        const json = visibleJson(JSON.stringify(value, null, 2));
        expect(JSON.parse(json)).toEqual(value);
        expect(visibleText(json)).toBe(json);
      }),
    );
  });
});
