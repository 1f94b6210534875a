/**
 * Which papers a channel's digest may show, by announcement type and the channel's settings. Pure.
 * - A paper already posted to the channel is never "new" again (its changes go through follow-ups).
 * - A replacement (`replace`, `replace-cross`) of a paper never posted here counts as new only with
 *   `replacements on` (default off).
 * - Cross-lists (`cross`, `replace-cross`) are dropped with `crosslists off` (default on).
 * - A work known only from journal feeds shows only in channels that read one of those journals.
 */
import type { Paper } from '../papers/paper.js';
import type { ChannelSettings } from '../store/ports.js';

export interface EligibilityOptions {
  /**
   * Journal names (card labels) of the feeds this channel reads. When given, a work whose only sources
   * are journal feeds is eligible only if one of its journals is in the list.
   */
  readonly journals?: readonly string[];
}

export function eligibleForChannel(
  paper: Pick<Paper, 'announceType' | 'sources'>,
  settings: Pick<ChannelSettings, 'crosslists' | 'replacements'>,
  alreadyDelivered: boolean,
  options: EligibilityOptions = {},
): boolean {
  if (alreadyDelivered) return false;
  const type = paper.announceType;
  if ((type === 'replace' || type === 'replace-cross') && !settings.replacements) return false;
  if ((type === 'cross' || type === 'replace-cross') && !settings.crosslists) return false;
  if (options.journals && paper.sources.length > 0 && paper.sources.every((s) => s.kind === 'journal')) {
    const wanted = new Set(options.journals.map((j) => j.toLowerCase()));
    return paper.sources.some((s) => wanted.has(s.label.toLowerCase()));
  }
  return true;
}
