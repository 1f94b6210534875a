/**
 * `$…$` in titles and abstracts, made readable: each span becomes MathML (KaTeX, rendered on the server,
 * no script or font download in the browser; Chromium and Firefox draw MathML natively). Text between the
 * spans is escaped; a span KaTeX cannot parse stays as escaped text. KaTeX runs with `trust: false`, so
 * `\href`, `\url` and HTML extensions are refused.
 */
import katex from 'katex';
import { html, Html, trusted } from './html.js';

const MATH = /\$([^$\n]{1,400})\$/g;

function renderTex(tex: string): Html | undefined {
  try {
    return trusted(katex.renderToString(tex, { output: 'mathml', throwOnError: true, trust: false, strict: 'ignore', maxExpand: 200 }));
  } catch {
    return undefined;
  }
}

/** Escaped text with every parsable `$…$` span rendered as MathML. */
export function withMath(text: string): Html {
  const parts: Html[] = [];
  let last = 0;
  for (const m of text.matchAll(MATH)) {
    const math = renderTex(m[1]!);
    if (!math) continue;
    parts.push(html`${text.slice(last, m.index)}`, math);
    last = m.index + m[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}
