/**
 * Follow-ups: when a paper already posted to a channel gets a new version, a journal publication (DOI /
 * journal ref) or is withdrawn, the channel hears about it once — as a reply in the paper's discussion
 * thread when there is one (`Delivery.threadId`), otherwise as a card with a `note` in the next digest.
 *
 * What was posted is judged from the ledger (`Delivery.version` / `Delivery.fingerprint`); after telling
 * the channel, the ledger entry is moved to the new state, so a restart (same store) never repeats it.
 * A marker per (channel, paper, new state) says the intent before a thread reply is posted and that it was
 * done after; a reply repeated after a crash carries the same idempotency key, and the ledger move comes last,
 * so a crash at any point never produces a second reply. Processes sharing the store (two ingesting the same
 * announcement) tell a channel about a work one at a time (`store.exclusive`), so an intent without its done is
 * a crash's and never another process's reply in flight. An update for the digest waits in the store's pending
 * updates until the digest run that shows it is closed.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { channelFromKey } from '../chat/ports.js';
import type { PaperCard } from '../chat/message.js';
import type { Paper } from '../papers/paper.js';
import { translator, type Translate } from '../i18n/messages.js';
import { workIdsOf } from '../papers/merge.js';
import type { ChatRouter } from '../chat/router.js';
import type { Delivery, PendingUpdate, RadarStore } from '../store/ports.js';
import { toCard } from './cards.js';

export interface FollowUpDeps {
  readonly store: RadarStore;
  readonly chat: Pick<ChatRouter, 'reply'>;
  readonly clock: Clock;
  readonly logger: Pick<Logger, 'warn' | 'info'>;
}

/** Follow-up updates for a digest: the cards it shows and the pending updates they are. */
export interface PendingUpdateCards {
  readonly cards: readonly PaperCard[];
  readonly updates: readonly PendingUpdate[];
}

/** Updates older than this are not shown (a channel that took no digest for a month). */
const PENDING_DAYS = 30;

export interface FollowUpService {
  /** Call after every ingest with the stored (merged) papers. Tells each channel that had one posted. */
  onPapersIngested(papers: readonly Paper[]): Promise<{ threadReplies: number; pendingForDigest: number }>;
  /**
   * Cards (with `note`) waiting for the channel's next digest, and the pending updates they are: reading them
   * takes nothing — the digest that carries them names them in its plan and they go when it is posted.
   */
  pendingUpdates(channelKey: string): Promise<PendingUpdateCards>;
}

interface Counts {
  threadReplies: number;
  pendingForDigest: number;
}

interface Snapshot {
  version?: number;
  title?: string;
  abstract?: string;
  doi?: string;
  journalRef?: string;
  withdrawn?: boolean;
}

/** What a channel was told of one change: `done: false` while its thread reply may or may not have gone out. */
interface SaidMarker {
  readonly at: string;
  readonly done: boolean;
}
const MARKER_TTL_MS = 90 * 24 * 3600_000;

/** A stored marker; markers written before the intent step are the time alone, and were written when done. */
function markerOf(value: unknown): SaidMarker | undefined {
  if (typeof value === 'string') return { at: value, done: true };
  const m = value as Partial<SaidMarker> | undefined;
  return typeof m?.at === 'string' ? { at: m.at, done: m.done === true } : undefined;
}

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 12);
const PREFIX = 'fu1';

/**
 * What a delivery remembers of the posted paper: version, hashes of title and abstract, DOI, a hash of
 * the journal ref, withdrawn. Record it as `Delivery.fingerprint` when posting.
 */
export function fingerprintOf(paper: Pick<Paper, 'version' | 'title' | 'abstract' | 'doi' | 'journalRef' | 'withdrawn'>): string {
  return [
    PREFIX,
    `v=${paper.version ?? ''}`,
    `t=${hash(paper.title)}`,
    `a=${hash(paper.abstract)}`,
    `d=${(paper.doi ?? '').toLowerCase()}`,
    `j=${paper.journalRef ? hash(paper.journalRef) : ''}`,
    `w=${paper.withdrawn ? 1 : 0}`,
  ].join('|');
}

/** Reads a fingerprint back (recorded by the digest service with {@link fingerprintOf}). */
function snapshotOf(delivery: Delivery): Snapshot | undefined {
  const fp = delivery.fingerprint;
  if (!fp?.startsWith(`${PREFIX}|`)) return undefined;
  const f = Object.fromEntries(fp.split('|').slice(1).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return {
    version: f['v'] ? Number(f['v']) : delivery.version,
    title: f['t'],
    abstract: f['a'],
    doi: f['d'] || undefined,
    journalRef: f['j'] || undefined,
    withdrawn: f['w'] === '1',
  };
}

/** The note saying what changed since `old`, or undefined when nothing worth a follow-up happened. */
export function describeChange(old: Snapshot, paper: Paper, t: Translate = translator('en')): string | undefined {
  const parts: string[] = [];
  const newVersion = paper.version !== undefined && old.version !== undefined && paper.version > old.version;
  const newDoi = !!paper.doi && paper.doi.toLowerCase() !== (old.doi ?? '').toLowerCase() && !/^10\.48550\//.test(paper.doi);
  const newRef = !!paper.journalRef && hash(paper.journalRef) !== old.journalRef;
  const withdrawn = !!paper.withdrawn && !old.withdrawn;
  if (!newVersion && !newDoi && !newRef && !withdrawn) return undefined;
  if (withdrawn) parts.push(t('followup.withdrawn'));
  if (newVersion) parts.push(t('followup.newVersion', { version: paper.version ?? '', old: old.version ?? '' }));
  if (newDoi || newRef) {
    const where = paper.venue ?? paper.journalRef ?? t('followup.aJournal');
    parts.push(t('followup.published', { where, doi: paper.doi ? ` (doi:${paper.doi})` : '' }));
  }
  const titleChanged = old.title !== undefined && old.title !== hash(paper.title);
  const abstractChanged = old.abstract !== undefined && old.abstract !== hash(paper.abstract);
  parts.push(t(titleChanged ? 'followup.titleChanged' : 'followup.titleUnchanged'));
  parts.push(t(abstractChanged ? 'followup.abstractChanged' : 'followup.abstractUnchanged'));
  return parts.join(' · ');
}

const mayHaveNews = (p: Paper): boolean =>
  (p.version ?? 1) > 1 || !!p.doi || !!p.journalRef || !!p.withdrawn || (p.announceType?.startsWith('replace') ?? false);

export function createFollowUpService(deps: FollowUpDeps): FollowUpService {
  const { store, chat, clock, logger } = deps;
  const kv = store.namespace('follow-ups');
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  /**
   * Replies in the paper's thread, exactly once across a crash: the intent is stored before posting, and the
   * reply carries an id of its own as the platform's idempotency key (Discord nonce, Slack metadata looked up
   * in the thread since the intent), so a reply repeated after a kill -9 between posting and `done` appears once.
   * False when the platform refused it (the update then waits for the digest).
   */
  async function replyInThread(ch: string, threadId: string, marker: string, at: string, resumed: boolean, text: string): Promise<boolean> {
    if (!resumed) await kv.set(marker, { at, done: false } satisfies SaidMarker, MARKER_TTL_MS);
    const delivery = { id: `fu${hash(marker)}`, ...(resumed ? { since: at } : {}) };
    try {
      await chat.reply({ channel: channelFromKey(ch), id: threadId }, { text, delivery });
      return true;
    } catch (err) {
      logger.warn({ err, channel: ch, thread: threadId }, 'follow-up reply failed; queued for the next digest');
      return false;
    }
  }

  async function handle(paper: Paper, counts: Counts): Promise<void> {
    for (const id of workIdsOf(paper)) {
      for (const ch of await store.ledger.channelsOf(id)) {
        // one process at a time per channel and work: a marker left half-done is then a crash's, never a
        // reply another process is sending at this moment (two processes ingesting the same announcement)
        await store.exclusive.run(`follow-up:${ch}:${id}`, () => tell(paper, id, ch, counts));
      }
    }
  }

  /** Tells channel `ch` what changed in `paper` (work id `id`) since what was posted there, once. */
  async function tell(paper: Paper, id: string, ch: string, counts: Counts): Promise<void> {
    const delivery = await store.ledger.get(ch, id);
    if (!delivery) return;
    const old = snapshotOf(delivery);
    if (!old) {
      // Posted without a fingerprint: remember the current state as the baseline, say nothing.
      await store.ledger.update(ch, id, { fingerprint: fingerprintOf(paper), version: paper.version ?? delivery.version });
      return;
    }
    const t = translator((await store.channels.getSettings(ch)).language);
    const note = describeChange(old, paper, t);
    if (!note) return;
    const fingerprint = fingerprintOf(paper);
    const marker = `sent:${ch}:${id}:${hash(fingerprint)}`;
    const said = markerOf(await kv.get(marker));
    if (!said?.done) {
      const at = said?.at ?? clock.now().toISOString();
      let replied = false;
      if (delivery.threadId) {
        replied = await replyInThread(ch, delivery.threadId, marker, at, said !== undefined, t('followup.thread', { title: paper.title, note, link: paper.absUrl ? `\n[${paper.absUrl}](${paper.absUrl})` : '' }));
        if (replied) counts.threadReplies++;
      }
      if (!replied) {
        await store.pendingUpdates.queue(ch, { paperId: paper.id, note, at });
        counts.pendingForDigest++;
      }
      await kv.set(marker, { at, done: true } satisfies SaidMarker, MARKER_TTL_MS);
    }
    await store.ledger.update(ch, id, { fingerprint, ...(paper.version !== undefined ? { version: paper.version } : {}) });
  }

  return {
    onPapersIngested: (papers) =>
      serial(async () => {
        const counts = { threadReplies: 0, pendingForDigest: 0 };
        for (const paper of papers) {
          if (!mayHaveNews(paper)) continue;
          try {
            await handle(paper, counts);
          } catch (err) {
            logger.warn({ err, paper: paper.id }, 'follow-up failed for one paper; others continue');
          }
        }
        if (counts.threadReplies || counts.pendingForDigest) logger.info(counts, 'follow-ups');
        return counts;
      }),
    async pendingUpdates(channelKey) {
      // a channel that takes no digest for a month hears only of the last month's changes
      const since = new Date(clock.now().getTime() - PENDING_DAYS * 86_400_000).toISOString();
      const updates = await store.pendingUpdates.list(channelKey, since);
      if (updates.length === 0) return { cards: [], updates: [] };
      const t = translator((await store.channels.getSettings(channelKey)).language);
      const papers = new Map((await store.papers.getMany(updates.map((u) => u.paperId))).map((p) => [p.id, p]));
      const cards: PaperCard[] = [];
      const shown: PendingUpdate[] = [];
      for (const u of updates) {
        const paper = papers.get(u.paperId);
        if (!paper) continue;
        cards.push({ ...toCard(paper, cards.length + 1, []), note: t('followup.updated', { note: u.note }) });
        shown.push(u);
      }
      return { cards, updates: shown };
    },
  };
}
