/**
 * `$…$` in titles and abstracts, made readable: each span becomes MathML (KaTeX, rendered on the server,
 * no script or font download in the browser; Chromium and Firefox draw MathML natively). Text between the
 * spans is escaped; a span KaTeX cannot parse stays as escaped text. KaTeX runs with `trust: false`, so
 * `\href`, `\url` and HTML extensions are refused.
 */
import katex from 'katex';
import type { TextSpan } from '../chat/message.js';
import { html, Html, trusted } from './html.js';

const MATH = /\$([^$\n]{1,400})\$/g;

function renderTex(tex: string): Html | undefined {
  try {
    return trusted(katex.renderToString(tex, { output: 'mathml', throwOnError: true, trust: false, strict: 'ignore', maxExpand: 200 }));
  } catch {
    return undefined;
  }
}

/**
 * Escaped text with every parsable `$…$` span rendered as MathML, and the ranges `marks` of `text` (what a
 * card's reasons hit) in <mark> — only outside the math, which is drawn whole.
 */
export function withMath(text: string, marks: readonly TextSpan[] = []): Html {
  const parts: Html[] = [];
  let last = 0;
  for (const m of text.matchAll(MATH)) {
    const math = renderTex(m[1]!);
    if (!math) continue;
    parts.push(marked(text, last, m.index, marks), math);
    last = m.index + m[0].length;
  }
  parts.push(marked(text, last, text.length, marks));
  return html`${parts}`;
}

/** text[from, to), escaped, with the parts of `marks` inside it in <mark>. */
function marked(text: string, from: number, to: number, marks: readonly TextSpan[]): Html {
  const parts: Html[] = [];
  let at = from;
  for (const [start, end] of marks) {
    const s = Math.max(start, at);
    const e = Math.min(end, to);
    if (e <= s) continue;
    parts.push(html`${text.slice(at, s)}`, html`<mark>${text.slice(s, e)}</mark>`);
    at = e;
  }
  parts.push(html`${text.slice(at, to)}`);
  return html`${parts}`;
}
