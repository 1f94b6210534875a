/** Page URLs that carry the signed token and the page state (language, filter, day, batch). */
import type { Language } from '../../i18n/messages.js';

export interface PageState {
  readonly t: string;
  readonly lang?: Language;
  readonly sub?: number;
  readonly day?: string;
  readonly batch?: number;
  readonly q?: string;
}

export const channelPath = (key: string): string => `/c/${encodeURIComponent(key)}`;

/** `path?t=…&lang=…` with only the state that is set (batch 1 is the default and left out). */
export function pageHref(path: string, state: PageState, patch: Partial<PageState> = {}): string {
  const s = { ...state, ...patch };
  const params = new URLSearchParams();
  if (s.q !== undefined) params.set('q', s.q);
  if (s.day) params.set('day', s.day);
  if (s.sub !== undefined) params.set('sub', String(s.sub));
  if (s.batch !== undefined && s.batch > 1) params.set('batch', String(s.batch));
  if (s.lang) params.set('lang', s.lang);
  params.set('t', s.t);
  return `${path}?${params.toString()}`;
}
