import type { AutocompleteChoice, ChannelRef } from '../src/chat/ports.js';
import { channelKey } from '../src/chat/ports.js';
import type { RadarServices } from '../src/services.js';

/** The channel's subscriptions whose number or query holds what is typed (Discord shows ≤ 25 and `#3 query`). */
export async function subscriptionCompletions(channel: ChannelRef, partial: string, services: RadarServices): Promise<AutocompleteChoice[]> {
  const subs = await services.store.subscriptions.list(channelKey(channel));
  const q = partial.toLowerCase();
  return subs
    .filter((s) => !q || String(s.number).startsWith(q) || s.query.toLowerCase().includes(q))
    .map((s) => ({ name: `#${s.number} ${s.query}`.slice(0, 100), value: String(s.number) }));
}
