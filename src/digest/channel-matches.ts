/**
 * The browse view of a channel's matches (the web page): every match, posted or not, ranked as digests
 * rank them (rank.ts). `taken` is what the digest may show; `skipped` is what matched but the channel's
 * cross-list / replacement settings leave out — the page lists those, labelled, without posting them.
 */
import { rankCandidates, type Candidate } from '../radar/rank.js';
import type { ChannelSettings } from '../store/ports.js';
import { eligibleForChannel } from './eligibility.js';
import type { ChannelHit } from './match-cache.js';

const EVERY_TYPE = { crosslists: true, replacements: true } as const;

export function browseMatches(
  hits: readonly ChannelHit[],
  settings: Pick<ChannelSettings, 'crosslists' | 'replacements'>,
  journals: readonly string[] | undefined,
): { taken: Candidate[]; skipped: Candidate[] } {
  const eligibility = journals ? { journals } : {};
  const taken: Candidate[] = [];
  const skipped: Candidate[] = [];
  for (const { paper, reasons, subscriptionIds } of hits) {
    if (eligibleForChannel(paper, settings, false, eligibility)) taken.push({ paper, reasons, subscriptionIds });
    else if (eligibleForChannel(paper, EVERY_TYPE, false, eligibility)) skipped.push({ paper, reasons, subscriptionIds });
  }
  return { taken: rankCandidates(taken), skipped: rankCandidates(skipped) };
}
