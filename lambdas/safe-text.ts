/**
 * Text from data or files (column names, category values, file names, snapshot ids, error
 * messages quoting input) shown to a person: in a terminal, an email, Slack or the HTML report.
 * Such text may hold characters that act instead of showing: ANSI escapes (ESC, CSI) that recolour,
 * move the cursor or retitle the terminal, carriage returns that overwrite a line, bidi overrides
 * and isolates (U+202A–U+202E, U+2066–U+2069) that show "gpj.exe" as "exe.jpg", and other
 * invisible format characters. Each such character is shown as a visible `<U+XXXX>` marker, so
 * the reader sees that it is there and what it is; nothing is silently dropped.
 *
 * Unicode categories (Unicode Standard §4.5, General Category): Cc (controls), Cf (format: bidi
 * controls, zero-width space, BOM, soft hyphen, tags), Zl and Zp (line and paragraph separators),
 * and Cs (a lone surrogate, which is not text). Kept: tab and line feed where a text may span
 * lines, and the zero-width joiner and non-joiner (U+200C, U+200D), which scripts such as Persian
 * and Devanagari and emoji sequences need to render, and which reorder nothing.
 */

const UNSAFE = /(?![\t\n\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** Line breaks and tabs: a one-line field shows a run of them as one space. */
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g;

function marker(character: string): string {
  return `<U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** A text that may span lines (an error message): tabs and line feeds stay, the rest is marked. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE, marker);
}

/** A one-line field (a name, a value, an id): line breaks become a space, the rest is marked. */
export function visibleLine(text: string): string {
  return visibleText(text.replace(LINE_BREAKS, ' '));
}

/**
 * JSON text with every such character written as a `\uXXXX` escape: the same JSON value (they
 * can only stand inside strings), safe to print. `JSON.stringify` escapes C0 controls itself but
 * leaves DEL, C1 controls, bidi and other format characters, and U+2028/U+2029 raw.
 */
export function visibleJson(json: string): string {
  return json.replace(UNSAFE, (character) => {
    let escaped = '';
    for (let i = 0; i < character.length; i++) {
      escaped += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
    }
    return escaped;
  });
}
