/**
 * What a re-post after a crash must not repeat on Discord. `nonce` + `enforce_nonce` protects for "the past
 * few minutes" only; after a longer outage the part is looked for among the channel's messages since its run
 * was planned (a minute's margin): this bot's, matched by their text and their embeds' titles, links and
 * footers (a card's footer names its paper) — Discord does not return a message's nonce when it is read back.
 */
import { DiscordAPIError, Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/logger.js';

const DISCORD_EPOCH_MS = 1_420_070_400_000;
const PAGE = 100;
/** 1,000 messages since the plan: a channel busier than that during an outage is not searched further. */
const MAX_PAGES = 10;
/** Missing Access, Missing Permissions: the bot may not read the channel's history. */
const MAY_NOT_READ = new Set([50001, 50013]);

interface MessageLike {
  readonly id?: string;
  readonly content?: string;
  readonly author?: { readonly id?: string };
  readonly embeds?: readonly { readonly title?: string; readonly url?: string; readonly footer?: { readonly text?: string } }[];
}

/** The id Discord would give a message made at `ms` (the lowest one of that millisecond). */
export const snowflakeAt = (ms: number): string => String(BigInt(Math.max(0, Math.floor(ms - DISCORD_EPOCH_MS))) << 22n);

/** What identifies a posted message: its text and its embeds' titles, links and footers (trimmed, as Discord keeps them). */
export function postFingerprint(m: MessageLike): string {
  const trimmed = (text: string | undefined): string => (text ?? '').trim();
  return JSON.stringify([trimmed(m.content), (m.embeds ?? []).map((e) => [trimmed(e.title), trimmed(e.url), trimmed(e.footer?.text)])]);
}

/**
 * The messages `botId` posted in `channelId` since `since`, by fingerprint → their ids, oldest first. Empty
 * (and said in the log) when the bot may not read the history: the nonce is then the only protection.
 */
export async function postedSince(rest: REST, channelId: string, since: string, botId: string | undefined, logger: Logger): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  let after = snowflakeAt(Date.parse(since) - 60_000);
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const batch = (await rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ after, limit: String(PAGE) }) })) as MessageLike[];
      const oldestFirst = batch.filter((m) => m.id).sort((a, b) => (BigInt(a.id!) < BigInt(b.id!) ? -1 : 1));
      for (const m of oldestFirst) {
        if (botId !== undefined && m.author?.id !== botId) continue;
        const key = postFingerprint(m);
        found.set(key, [...(found.get(key) ?? []), m.id!]);
      }
      if (batch.length < PAGE || oldestFirst.length === 0) break;
      after = oldestFirst.at(-1)!.id!;
    }
  } catch (err) {
    if (!(err instanceof DiscordAPIError && MAY_NOT_READ.has(Number(err.code)))) throw err;
    logger.warn({ channelId, code: err.code }, 'discord: cannot read the channel history to check a re-post (grant Read Message History)');
  }
  return found;
}
