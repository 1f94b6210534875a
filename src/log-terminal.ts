/**
 * Logs for a person at an interactive terminal: the conversation owns the screen, so full JSON logs go to
 * a file (`RADAR_LOG_FILE`) and only warnings and errors appear, as one short human line each. A record
 * carrying `progress: { key, vars }` is shown through the message catalogue ("fetching arXiv — retry 2/4
 * in 3 s"); anything else shows its message (and its error's message).
 */
import { catalogues, translator, type MessageKey } from './i18n/messages.js';

export interface ProgressNote {
  readonly key: MessageKey;
  readonly vars: Record<string, string | number>;
}

const MAX_LINE = 200;

/** One JSON log line → the short line shown at the terminal (undefined for lines it cannot read). */
export function humanLine(json: string): string | undefined {
  let rec: { level?: number; msg?: string; progress?: ProgressNote; err?: { message?: string } };
  try {
    rec = JSON.parse(json);
  } catch {
    return undefined;
  }
  const mark = (rec.level ?? 40) >= 50 ? '✖' : '⚠';
  const progress = rec.progress;
  let text: string;
  if (progress && typeof progress.key === 'string' && progress.key in catalogues.en) text = translator('en')(progress.key, progress.vars ?? {});
  else text = [rec.msg, rec.err?.message].filter(Boolean).join(': ');
  const flat = text.replace(/\s+/g, ' ').trim();
  return `${mark} ${flat.length > MAX_LINE ? `${flat.slice(0, MAX_LINE - 1)}…` : flat}`;
}

/** A pino destination that prints each record as its human line to `out`. */
export function humanStream(out: { write(text: string): unknown }): { write(line: string): void } {
  return {
    write(line: string) {
      const text = humanLine(line);
      if (text) out.write(`${text}\n`);
    },
  };
}

/** `https://export.arxiv.org/…` → `arXiv`: what a progress line calls the source behind a URL. */
export function sourceLabel(url: string): string {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return url;
  }
  if (/(^|\.)arxiv\.org$/.test(host)) return 'arXiv';
  if (/(^|\.)huggingface\.co$/.test(host)) return 'Hugging Face';
  if (/(^|\.)crossref\.org$/.test(host)) return 'Crossref';
  return host;
}
