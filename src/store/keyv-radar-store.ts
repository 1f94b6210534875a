/**
 * The RadarStore over one Keyv (SQLite, Redis, Postgres or memory). Key layout (all under the `radar`
 * namespace): `paper:<id>`, `day:<YYYY-MM-DD>` → ids, `days` → sorted days, `subs:<channel>`,
 * `settings:<channel>`, `state:<channel>`, `channels`, `ledger:<channel>:<paper>`, `ledgerch:<paper>`,
 * `thread:<threadKey>`, `turns:<threadKey>`, `event:<id>`, `ns:<name>:<key>`.
 */
import type Keyv from 'keyv';
import type { Paper } from '../papers/paper.js';
import type { Subscription } from '../radar/subscription.js';
import { KeyLock } from './key-lock.js';
import { openKeyv } from './open-keyv.js';
import type {
  ChannelSettings,
  ChannelState,
  ChannelStore,
  Delivery,
  DeliveryLedger,
  KeyValueStore,
  PaperStore,
  RadarStore,
  SubscriptionStore,
  ThreadStore,
  ThreadTurn,
} from './ports.js';

const MAX_TURNS = 40;
const MAX_TURN_TEXT = 4_000;
const THREAD_TTL_MS = 30 * 24 * 3600_000;
const EVENT_TTL_MS = 24 * 3600_000;

interface SubscriptionList {
  next: number;
  items: Subscription[];
}

/**
 * Adds `items` to the sorted string set stored at `key`. These sets only ever grow, so a member once seen
 * stays: `known` remembers them and a call adding only known members reads and writes nothing (a digest
 * touches `channels` for every channel; re-reading a list of every channel each time made a day O(C²)).
 */
async function addToSet(kv: Keyv, lock: KeyLock, key: string, items: readonly string[], known?: Set<string>): Promise<void> {
  if (items.length === 0) return;
  if (known && items.every((i) => known.has(`${key}\u0000${i}`))) return;
  await lock.run(key, async () => {
    const current = new Set<string>((await kv.get<string[]>(key)) ?? []);
    const before = current.size;
    for (const i of items) current.add(i);
    if (current.size !== before) await kv.set(key, [...current].sort());
    if (known) for (const i of items) known.add(`${key}\u0000${i}`);
  });
}

function createPaperStore(kv: Keyv, lock: KeyLock): PaperStore {
  let changes = 0;
  return {
    changes: () => changes,
    async putMany(papers) {
      if (papers.length === 0) return;
      changes++;
      await kv.setMany(papers.map((p) => ({ key: `paper:${p.id}`, value: p })));
      const byDay = new Map<string, string[]>();
      for (const p of papers) {
        const day = p.announced ?? p.published?.slice(0, 10);
        if (!day) continue;
        byDay.set(day, [...(byDay.get(day) ?? []), p.id]);
      }
      for (const [day, ids] of byDay) await addToSet(kv, lock, `day:${day}`, ids);
      await addToSet(kv, lock, 'days', [...byDay.keys()]);
      changes++; // again after the write, so a read cached while it was under way is not reused
    },
    async get(id) {
      return (await kv.get<Paper>(`paper:${id}`)) ?? undefined;
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const values = await kv.getMany<Paper>(ids.map((id) => `paper:${id}`));
      return values.filter((p): p is Paper => !!p);
    },
    async listByDays(days) {
      const ids = new Set<string>();
      for (const d of days) for (const id of (await kv.get<string[]>(`day:${d}`)) ?? []) ids.add(id);
      return this.getMany([...ids]);
    },
    async listDays() {
      return [...((await kv.get<string[]>('days')) ?? [])].sort().reverse();
    },
  };
}

function createSubscriptionStore(kv: Keyv, lock: KeyLock, now: () => Date, known: Set<string>): SubscriptionStore {
  const load = async (ch: string): Promise<SubscriptionList> =>
    (await kv.get<SubscriptionList>(`subs:${ch}`)) ?? { next: 1, items: [] };
  return {
    add: (ch, query, createdBy) =>
      lock.run(`subs:${ch}`, async () => {
        const list = await load(ch);
        const sub: Subscription = {
          id: `${ch}#${list.next}`,
          channelKey: ch,
          number: list.next,
          query,
          createdAt: now().toISOString(),
          ...(createdBy ? { createdBy } : {}),
        };
        await kv.set(`subs:${ch}`, { next: list.next + 1, items: [...list.items, sub] });
        await addToSet(kv, lock, 'subchannels', [ch], known);
        await addToSet(kv, lock, 'channels', [ch], known);
        return sub;
      }),
    remove: (ch, number) =>
      lock.run(`subs:${ch}`, async () => {
        const list = await load(ch);
        const found = list.items.find((s) => s.number === number);
        if (!found) return undefined;
        await kv.set(`subs:${ch}`, { next: list.next, items: list.items.filter((s) => s !== found) });
        return found;
      }),
    list: async (ch) => (await load(ch)).items,
    async listAll() {
      const all: Subscription[] = [];
      for (const ch of await this.channels()) all.push(...(await load(ch)).items);
      return all;
    },
    async channels() {
      const chs = (await kv.get<string[]>('subchannels')) ?? [];
      const out: string[] = [];
      for (const ch of chs) if ((await load(ch)).items.length > 0) out.push(ch);
      return out;
    },
  };
}

function createChannelStore(kv: Keyv, lock: KeyLock, defaults: ChannelSettings, known: Set<string>): ChannelStore {
  return {
    async getSettings(ch) {
      return { ...defaults, ...((await kv.get<Partial<ChannelSettings>>(`settings:${ch}`)) ?? {}) };
    },
    updateSettings: (ch, patch) =>
      lock.run(`settings:${ch}`, async () => {
        const current = (await kv.get<Partial<ChannelSettings>>(`settings:${ch}`)) ?? {};
        const next = { ...current, ...patch };
        await kv.set(`settings:${ch}`, next);
        await addToSet(kv, lock, 'channels', [ch], known);
        return { ...defaults, ...next };
      }),
    async getState(ch) {
      return (await kv.get<ChannelState>(`state:${ch}`)) ?? {};
    },
    updateState: (ch, patch) =>
      lock.run(`state:${ch}`, async () => {
        const next = { ...((await kv.get<ChannelState>(`state:${ch}`)) ?? {}), ...patch };
        await kv.set(`state:${ch}`, next);
        await addToSet(kv, lock, 'channels', [ch], known);
        return next;
      }),
    async list() {
      return (await kv.get<string[]>('channels')) ?? [];
    },
  };
}

function createLedger(kv: Keyv, lock: KeyLock): DeliveryLedger {
  const key = (ch: string, id: string) => `ledger:${ch}:${id}`;
  return {
    async has(ch, id) {
      return (await kv.get(key(ch, id))) !== undefined;
    },
    async filterDelivered(ch, ids) {
      if (ids.length === 0) return new Set();
      const values = await kv.getMany<Delivery>(ids.map((id) => key(ch, id)));
      return new Set(ids.filter((_, i) => values[i] !== undefined && values[i] !== null));
    },
    async record(ch, deliveries) {
      if (deliveries.length === 0) return;
      await kv.setMany(deliveries.map((d) => ({ key: key(ch, d.paperId), value: d })));
      for (const d of deliveries) await addToSet(kv, lock, `ledgerch:${d.paperId}`, [ch]);
    },
    async get(ch, id) {
      return (await kv.get<Delivery>(key(ch, id))) ?? undefined;
    },
    update: (ch, id, patch) =>
      lock.run(key(ch, id), async () => {
        const current = await kv.get<Delivery>(key(ch, id));
        if (current) await kv.set(key(ch, id), { ...current, ...patch });
      }),
    async channelsOf(id) {
      return (await kv.get<string[]>(`ledgerch:${id}`)) ?? [];
    },
  };
}

function createThreadStore(kv: Keyv, lock: KeyLock): ThreadStore {
  return {
    async bind(tk, paperId) {
      await kv.set(`thread:${tk}`, paperId);
    },
    async paperOf(tk) {
      return (await kv.get<string>(`thread:${tk}`)) ?? undefined;
    },
    appendTurn: (tk, turn) =>
      lock.run(`turns:${tk}`, async () => {
        const turns = (await kv.get<ThreadTurn[]>(`turns:${tk}`)) ?? [];
        const text = turn.text.length > MAX_TURN_TEXT ? `${turn.text.slice(0, MAX_TURN_TEXT - 1)}…` : turn.text;
        // a thread nobody speaks in for THREAD_TTL_MS is forgotten: stored turns are bounded in number, size and age
        await kv.set(`turns:${tk}`, [...turns, { ...turn, text }].slice(-MAX_TURNS), THREAD_TTL_MS);
      }),
    async turns(tk, limit) {
      return ((await kv.get<ThreadTurn[]>(`turns:${tk}`)) ?? []).slice(-limit);
    },
    markEventSeen: (eventId) =>
      lock.run(`event:${eventId}`, async () => {
        if ((await kv.get(`event:${eventId}`)) !== undefined) return false;
        await kv.set(`event:${eventId}`, 1, EVENT_TTL_MS);
        return true;
      }),
  };
}

function createNamespace(kv: Keyv, name: string): KeyValueStore {
  return {
    async get<T>(k: string) {
      return ((await kv.get<T>(`ns:${name}:${k}`)) ?? undefined) as T | undefined;
    },
    async set<T>(k: string, value: T, ttlMs?: number) {
      await kv.set(`ns:${name}:${k}`, value, ttlMs);
    },
    delete: (k) => kv.delete(`ns:${name}:${k}`),
  };
}

/** Builds every store over an already-open Keyv. */
export function createKeyvRadarStore(
  kv: Keyv,
  options: { defaults: ChannelSettings; now?: () => Date; close?: () => Promise<void> },
): RadarStore {
  const lock = new KeyLock();
  const now = options.now ?? (() => new Date());
  const known = new Set<string>();
  return {
    papers: createPaperStore(kv, lock),
    subscriptions: createSubscriptionStore(kv, lock, now, known),
    channels: createChannelStore(kv, lock, options.defaults, known),
    ledger: createLedger(kv, lock),
    threads: createThreadStore(kv, lock),
    namespace: (name) => createNamespace(kv, name),
    close: options.close ?? (() => kv.disconnect()),
  };
}

/** Opens `RADAR_DB` and builds the store on it. */
export async function openRadarStore(
  url: string,
  options: { defaults: ChannelSettings; now?: () => Date },
): Promise<RadarStore> {
  const opened = await openKeyv(url);
  return createKeyvRadarStore(opened.kv, { ...options, close: opened.close });
}
