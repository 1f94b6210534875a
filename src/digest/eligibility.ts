/**
 * Which announcements a channel wants: cross-lists unless `crosslists off`; a replacement (new version)
 * of a paper never posted to the channel only with `replacements on`. Replacements of papers already
 * posted are follow-ups, never new cards.
 */
import type { Paper } from '../papers/paper.js';
import type { ChannelSettings } from '../store/ports.js';

export function eligibleForChannel(
  paper: Paper,
  settings: Pick<ChannelSettings, 'crosslists' | 'replacements'>,
  alreadyDelivered: boolean,
): boolean {
  if (alreadyDelivered) return false;
  switch (paper.announceType) {
    case 'cross':
      return settings.crosslists;
    case 'replace':
      return settings.replacements;
    case 'replace-cross':
      return settings.replacements && settings.crosslists;
    default:
      return true;
  }
}
