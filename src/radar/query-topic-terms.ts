/**
 * `topic:"…"` and `like:<paper>` terms of the query language (see query-parser.ts and topic-leaf.ts). A
 * topic is at most TOPIC_MAX_CHARS characters and has words; `like:` takes any paper id form
 * (`2411.17796`, `arXiv:2411.17796v2`, an arXiv link, a DOI) and keeps the canonical id. Whether that paper
 * exists is checked by the subscription service (it needs the store).
 */
import type { MessageKey } from '../i18n/messages.js';
import { parseArxivId } from '../papers/arxiv-id.js';
import { analyze } from './normalize.js';
import type { LikeTerm, TopicTerm } from './query-ast.js';
import { likeKey, topicKey } from './topic-leaf.js';

export const TOPIC_MAX_CHARS = 300;

/** The canonical paper id of a `like:` value (`arxiv:2411.17796`, `doi:10.…`), or undefined when it is none. */
export function likePaperId(value: string): string | undefined {
  const v = value.trim();
  const doi = /^(?:doi:|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)$/i.exec(v);
  if (doi) return `doi:${doi[1]!.toLowerCase()}`;
  const bare = v.replace(/^arxiv:/i, '').replace(/^https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\//i, '').replace(/\.pdf$/i, '');
  const id = parseArxivId(bare);
  // the whole value must be the id (plus a version): `like:foo2411.17796bar` is not a paper
  if (!id || bare.replace(/v\d+$/, '') !== id.base) return undefined;
  return `arxiv:${id.base}`;
}

/** The term for `topic:`/`like:` and its value; `fail` throws the parser's positioned error. */
export function topicTerm(
  field: 'topic' | 'like',
  value: string,
  column: number,
  fail: (key: MessageKey, vars?: Record<string, string | number>) => never,
): TopicTerm | LikeTerm {
  const text = value.trim().replace(/\s+/g, ' ');
  if (field === 'like') {
    const id = likePaperId(text);
    if (!id) fail('like.malformed', { value: text.slice(0, 60) });
    return { kind: 'like', text: id, key: likeKey(id), column };
  }
  if (analyze(text).length === 0) fail('topic.empty');
  if (text.length > TOPIC_MAX_CHARS) fail('topic.tooLong', { length: text.length, max: TOPIC_MAX_CHARS });
  return { kind: 'topic', text, key: topicKey(text), column };
}
