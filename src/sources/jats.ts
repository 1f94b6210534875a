/**
 * JATS (and the plain HTML some Crossref members deposit instead) → plain text. Crossref abstracts come as
 * `<jats:sec><jats:title>Background</jats:title><jats:p>…</jats:p></jats:sec>` pretty-printed with long
 * runs of indentation around inline elements (`(\n   <jats:italic>KRAS</jats:italic>\n   )`), so the
 * whitespace next to brackets and punctuation is folded as well. Section titles become `Background: …`,
 * paragraphs are separated by a blank line. This is a text extractor, not an XML parser: no entity
 * declarations are ever expanded (only the named/numeric entities clean-text knows).
 */
import { decodeEntities } from '../papers/clean-text.js';

const BLOCK_TAGS = /<\/?(?:jats:)?(?:p|sec|list|list-item|def-list|disp-quote|table-wrap|fig|boxed-text)\b[^>]*>/gi;

function fold(text: string): string {
  return text
    .replace(/[\s\u00A0]+/g, ' ')
    .replace(/([([{])\s+/g, '$1')
    .replace(/\s+([)\]},.;:!?%])/g, '$1')
    .trim();
}

/**
 * Convert a JATS / HTML abstract to plain text paragraphs (joined with `\n\n`). An abstract whose first
 * section is just the word "Abstract" loses that heading (it repeats what the card already says).
 */
export function jatsToText(input: string | undefined): string {
  if (!input) return '';
  let text = input.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1');
  // Section titles: `<jats:title>Background</jats:title>` → a marker kept with the next paragraph.
  text = text.replace(/<(?:jats:)?title\b[^>]*>([\s\S]*?)<\/(?:jats:)?title>/gi, (_m, t: string) => `\u0001${t}\u0002`);
  text = text.replace(/<(?:jats:)?(?:break|br)\b[^>]*\/?>/gi, ' ');
  text = text.replace(BLOCK_TAGS, '\n\n');
  // Inline markup (`T<jats:sub>reg</jats:sub>`) must not split words; pretty-printing supplies spaces.
  text = text.replace(/<\/?[a-zA-Z][\w:.-]*(?:\s[^<>]*)?\/?>/g, '');
  text = decodeEntities(text);
  const paragraphs: string[] = [];
  let heading: string | undefined;
  for (const raw of text.split(/\n\s*\n/)) {
    let chunk = raw;
    const m = /\u0001([\s\S]*?)\u0002/.exec(chunk);
    if (m) {
      const title = fold(m[1]!);
      chunk = chunk.replace(m[0], ' ');
      heading = title && !/^abstract$/i.test(title) ? title : undefined;
    }
    const body = fold(chunk);
    if (!body) continue;
    paragraphs.push(heading ? `${heading}${/[.:?!]$/.test(heading) ? '' : ':'} ${body}` : body);
    heading = undefined;
  }
  return paragraphs.join('\n\n');
}

/** A title with inline markup (`<i>KRAS</i>`, `<sub>reg</sub>`) and hard wraps, as one clean line. */
export function markupTitleToText(input: string | undefined): string {
  if (!input) return '';
  // Inline tags inside words (`T<sub>reg</sub>`) must not leave a space: drop tags, fold whitespace runs.
  const stripped = input.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1').replace(/<\/?[a-zA-Z][\w:.-]*(?:\s[^<>]*)?\/?>/g, '');
  return fold(decodeEntities(stripped));
}
