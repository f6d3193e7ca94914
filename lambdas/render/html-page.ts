import { visibleText } from '../safe-text.ts';

/**
 * Escapes text for HTML element content and quoted attribute values alike. Controls and format
 * characters (bidi overrides that would reorder the page's text) become visible markers first.
 */
export function escapeHtml(text: string): string {
  return visibleText(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * The pages' Content-Security-Policy: nothing loads from anywhere (no scripts, styles, fonts or
 * images from a file or the network); inline styles, inline SVG and data: images only, plus the
 * page's own inline script where it has one.
 */
function contentSecurityPolicy(options: { readonly inlineScript: boolean }): string {
  return `default-src 'none'; style-src 'unsafe-inline';${options.inlineScript ? " script-src 'unsafe-inline';" : ''} img-src data:`;
}

/**
 * A whole self-contained page: the head both pages share (charset, viewport, no favicon fetch, the
 * Content-Security-Policy above), their style, body and, where the page has one, its inline script.
 * Every argument but `title` and `generator` is markup the caller built and escaped.
 */
export function htmlDocument(page: {
  readonly title: string;
  readonly style: string;
  readonly body: string;
  readonly script?: string;
  readonly bodyClass?: string;
  /** `driftwatch <version>` in a generator meta tag, when known. */
  readonly generator?: string;
}): string {
  const generator =
    page.generator === undefined ? '' : `\n<meta name="generator" content="${escapeHtml(page.generator)}">`;
  const bodyTag = page.bodyClass === undefined ? '<body>' : `<body class="${page.bodyClass}">`;
  const script = page.script === undefined ? '' : `\n<script>${page.script}</script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ inlineScript: page.script !== undefined })}">${generator}
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
${bodyTag}
${page.body}${script}
</body>
</html>
`;
}

/** One decimal place is all an SVG coordinate needs. */
export function svgNumber(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/** At most `max` characters (whole code points), with `…` when cut. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The colours every page shares, light and dark. */
export const PALETTE_STYLE =
  ':root{--fg:#1b1f24;--muted:#5b6470;--bg:#fff;--panel:#f5f7f9;--line:#d8dde3;--ref:#4c78a8;--cur:#e8730c;--good:#1a7f37;--caution:#9a6700;--bad:#cf222e;color-scheme:light dark}' +
  '@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9aa5b1;--bg:#0d1117;--panel:#161b22;--line:#30363d;--ref:#6fa3d8;--cur:#f0883e;--good:#3fb950;--caution:#d29922;--bad:#f85149}}';
