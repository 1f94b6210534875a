/**
 * What a channel is told when a source could not be read for its digest: one catalogue sentence per
 * problem, naming the source and the kind of failure — never the raw error (English, with URLs), which
 * the log keeps. Said before the digest so that "nothing new" is not mistaken for a quiet day.
 */
import type { MessageKey, Translate } from '../i18n/messages.js';
import type { IngestProblem } from '../services.js';
import { sourceFailureReason } from '../sources/source-failure-reason.js';

const SOURCE_NAMES: Readonly<Record<string, MessageKey>> = {
  'arxiv-rss': 'ingest.source.arxiv',
  hf: 'ingest.source.hf',
  journal: 'ingest.source.journal',
};

/** The sentence a channel reads about one problem, in its language. */
export function describeIngestProblem(problem: IngestProblem, t: Translate): string {
  const nameKey = SOURCE_NAMES[problem.source];
  const source = nameKey ? t(nameKey) : problem.source;
  if (problem.kind === 'skipped') return t('ingest.problem.skipped', { source });
  const reason = sourceFailureReason(problem.code);
  return t('ingest.problem.failed', { source, reason: t(reason.key, reason.vars) });
}
