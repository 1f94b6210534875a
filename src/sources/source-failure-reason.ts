/**
 * Why a source could not be read, in words a reader can act on: SourceError codes grouped by kind of failure
 * (network, the server's error, rate limit, time, size, malformed answer…). The raw error — English, with
 * URLs — stays in the log. Used by the digest's outage notice and by `/radar trending`.
 */
import type { MessageKey } from '../i18n/messages.js';

/** SourceError codes (src/sources) by the kind of failure a reader can act on. */
const REASONS: Readonly<Record<string, MessageKey>> = {
  network: 'ingest.reason.network',
  hf_network: 'ingest.reason.network',
  feed_network: 'ingest.reason.network',
  crossref_network: 'ingest.reason.network',
  http_status: 'ingest.reason.http',
  http_unavailable: 'ingest.reason.http',
  hf_http: 'ingest.reason.http',
  feed_http: 'ingest.reason.http',
  crossref_http: 'ingest.reason.http',
  hf_unavailable: 'ingest.reason.http',
  crossref_unavailable: 'ingest.reason.http',
  arxiv_api_error: 'ingest.reason.http',
  rate_limited: 'ingest.reason.rateLimited',
  hf_rate_limited: 'ingest.reason.rateLimited',
  crossref_rate_limited: 'ingest.reason.rateLimited',
  timeout: 'ingest.reason.timeout',
  aborted: 'ingest.reason.timeout',
  too_large: 'ingest.reason.tooLarge',
  not_xml: 'ingest.reason.malformed',
  xml_malformed: 'ingest.reason.malformed',
  xml_entities: 'ingest.reason.malformed',
  not_rss: 'ingest.reason.malformed',
  not_atom: 'ingest.reason.malformed',
  not_feed: 'ingest.reason.malformed',
  feed_error: 'ingest.reason.malformed',
  hf_bad_json: 'ingest.reason.malformed',
  crossref_bad_json: 'ingest.reason.malformed',
  empty_listing: 'ingest.reason.emptyListing',
  unsafe_url: 'ingest.reason.unsafeUrl',
  // requests the radar itself built wrong: a bug, for the operators' log
  bad_category: 'ingest.reason.internal',
  bad_arxiv_id: 'ingest.reason.internal',
  internal: 'ingest.reason.internal',
};

/**
 * Why a source could not be read, as a catalogue message (a value inside another message: rendered in the
 * reader's language), from its SourceError code.
 */
export function sourceFailureReason(code: string): { readonly key: MessageKey; readonly vars: Readonly<Record<string, string>> } {
  const key = REASONS[code];
  return key ? { key, vars: {} } : { key: 'ingest.reason.other', vars: { code } };
}
