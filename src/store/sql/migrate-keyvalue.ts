/**
 * Data steps of the migrations that moved state out of the `kv` table into tables of its own (0007 votes,
 * 0008 journal feeds, 0009 pending follow-up updates, 0010 embedding usage): each entry read as it was
 * written, a malformed one left out, the entries deleted.
 */
import { sql, type Kysely } from 'kysely';

interface StoredVote {
  paperId?: unknown;
  voterId?: unknown;
  /** The web page's entries name the voter `voter`. */
  voter?: unknown;
  value?: unknown;
  at?: unknown;
  features?: unknown;
}

const parsedJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // an unreadable entry holds nothing to keep
  }
};

/**
 * The `votes` namespace's entries as rows: the feedback service's `votes:<channel>` → Vote[] (oldest first)
 * and the web page's `<channel>|<paper>` → { voter: vote } (kept there when learning was off).
 */
function storedVotes(key: string, value: unknown): { channel: string; votes: StoredVote[] } | undefined {
  if (key.startsWith('votes:') && Array.isArray(value)) return { channel: key.slice('votes:'.length), votes: value as StoredVote[] };
  const bar = key.lastIndexOf('|');
  if (bar < 0 || value === null || typeof value !== 'object') return undefined;
  const paperId = key.slice(bar + 1);
  const votes = Object.values(value as Record<string, StoredVote>).map((v) => ({ ...v, paperId, voterId: v.voter }));
  return { channel: key.slice(0, bar), votes };
}

/** Moves the `votes` namespace's entries into the votes table (a vote already there is kept) and deletes them. */
export async function moveKeyValueVotes(db: Kysely<unknown>): Promise<void> {
  const rows = (await sql<{ key: string; value: string }>`select key, value from kv where namespace = 'votes'`.execute(db)).rows;
  // the page's entries after the service's: both put one vote per voter and paper, the service's have features
  rows.sort((a, b) => Number(!a.key.startsWith('votes:')) - Number(!b.key.startsWith('votes:')));
  const seqs = new Map<string, number>();
  for (const row of rows) {
    const found = storedVotes(row.key, parsedJson(row.value));
    for (const v of found?.votes ?? []) {
      if (typeof v.paperId !== 'string' || typeof v.voterId !== 'string' || (v.value !== 1 && v.value !== -1) || typeof v.at !== 'string') continue;
      const channel = found!.channel;
      const seq = (seqs.get(channel) ?? 0) + 1;
      seqs.set(channel, seq);
      const features = JSON.stringify(v.features && typeof v.features === 'object' ? v.features : {});
      await sql`insert into votes (channel, paper_id, voter_id, value, at, seq, features)
        values (${channel}, ${v.paperId}, ${v.voterId}, ${v.value}, ${v.at}, ${seq}, ${features})
        on conflict (channel, paper_id, voter_id) do nothing`.execute(db);
    }
  }
  await sql`delete from kv where namespace = 'votes'`.execute(db);
}

interface StoredFeed {
  url?: unknown;
  name?: unknown;
  key?: unknown;
  addedAt?: unknown;
  addedBy?: unknown;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Moves the `feeds` namespace's `channel:<channel>` → ChannelFeed[] entries into channel_feeds. */
export async function moveKeyValueFeeds(db: Kysely<unknown>): Promise<void> {
  const rows = (await sql<{ key: string; value: string }>`select key, value from kv where namespace = 'feeds' and key like 'channel:%'`.execute(db)).rows;
  for (const row of rows) {
    const channel = row.key.slice('channel:'.length);
    const parsed = parsedJson(row.value);
    const feeds = (Array.isArray(parsed) ? parsed : []) as StoredFeed[];
    let position = 0;
    for (const f of feeds) {
      const [url, name, at] = [text(f.url), text(f.name), text(f.addedAt)];
      if (!url || !name || !at) continue;
      await sql`insert into channels (key, next_sub_number, created_at) values (${channel}, 1, ${at}) on conflict (key) do nothing`.execute(db);
      await sql`insert into channel_feeds (channel, url, name, catalogue_key, added_at, added_by, position)
        values (${channel}, ${url}, ${name}, ${text(f.key)}, ${at}, ${text(f.addedBy)}, ${++position})
        on conflict (channel, url) do nothing`.execute(db);
    }
  }
  await sql`delete from kv where namespace = 'feeds' and (key like 'channel:%' or key = 'channels')`.execute(db);
}

interface StoredUpdate {
  paperId?: unknown;
  note?: unknown;
  at?: unknown;
}

/** Moves the `follow-ups` namespace's `pending:<channel>` → PendingUpdate[] entries into pending_updates. */
export async function moveKeyValuePendingUpdates(db: Kysely<unknown>): Promise<void> {
  const rows = (await sql<{ key: string; value: string }>`select key, value from kv where namespace = 'follow-ups' and key like 'pending:%'`.execute(db)).rows;
  for (const row of rows) {
    const channel = row.key.slice('pending:'.length);
    const parsed = parsedJson(row.value);
    for (const u of (Array.isArray(parsed) ? parsed : []) as StoredUpdate[]) {
      const [paperId, note, at] = [text(u.paperId), text(u.note), text(u.at)];
      if (!paperId || note === null || !at) continue;
      await sql`insert into pending_updates (channel, paper_id, note, at) values (${channel}, ${paperId}, ${note}, ${at})
        on conflict (channel, paper_id) do update set note = excluded.note, at = excluded.at`.execute(db);
    }
  }
  await sql`delete from kv where namespace = 'follow-ups' and key like 'pending:%'`.execute(db);
}

interface StoredTokenCount {
  promptTokens?: unknown;
  completionTokens?: unknown;
  calls?: unknown;
}

const count = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0);

/**
 * Moves the embedding token counts, kept as one `embedding-usage` entry per period ({promptTokens,
 * completionTokens, calls}), into the usage counters of the `embedding` account (added to any counted there
 * since the upgrade), with the entry's expiry; then deletes them.
 */
export async function moveKeyValueEmbeddingUsage(db: Kysely<unknown>): Promise<void> {
  const rows = (await sql<{ key: string; value: string; expires_at: string | null }>`select key, value, expires_at from kv where namespace = 'embedding-usage'`.execute(db)).rows;
  for (const row of rows) {
    const c = (parsedJson(row.value) ?? {}) as StoredTokenCount;
    const [prompt, completion, calls] = [count(c.promptTokens), count(c.completionTokens), count(c.calls)];
    if (prompt + completion + calls === 0) continue;
    const parts: [string, number][] = [['total', prompt + completion], ['prompt', prompt], ['completion', completion], ['calls', calls]];
    for (const [part, used] of parts) {
      await sql`insert into usage (key, used, expires_at) values (${`embedding|${row.key}|${part}`}, ${used}, ${row.expires_at})
        on conflict (key) do update set used = usage.used + excluded.used`.execute(db);
    }
  }
  await sql`delete from kv where namespace = 'embedding-usage'`.execute(db);
}
