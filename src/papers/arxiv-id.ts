/** Parsing of arXiv identifiers, new style (`2606.04101v3`) and old style (`hep-ex/0307015v1`). */

export interface ArxivId {
  /** Versionless id, e.g. `2606.04101` or `hep-ex/0307015`. */
  readonly base: string;
  readonly version?: number;
}

const NEW_STYLE = /(\d{4}\.\d{4,5})(?:v(\d+))?/;
const OLD_STYLE = /([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(?:v(\d+))?/;

/**
 * Extract an arXiv id from an id, `abs`/`pdf` URL or `arXiv:` prefixed string. Returns undefined when
 * none is present (so callers can reject the item instead of inventing an id).
 */
export function parseArxivId(text: string): ArxivId | undefined {
  const trimmed = text.trim();
  const m = NEW_STYLE.exec(trimmed) ?? OLD_STYLE.exec(trimmed);
  if (!m) return undefined;
  return { base: m[1]!, version: m[2] ? Number(m[2]) : undefined };
}

export const arxivPaperId = (base: string): string => `arxiv:${base}`;
export const arxivAbsUrl = (base: string): string => `https://arxiv.org/abs/${base}`;
export const arxivPdfUrl = (base: string, version?: number): string =>
  `https://arxiv.org/pdf/${base}${version ? `v${version}` : ''}`;
