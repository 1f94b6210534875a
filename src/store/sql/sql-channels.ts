/** Channel settings (typed columns; NULL = the deployment default) and per-channel operational state. */
import type { Kysely, Selectable } from 'kysely';
import type { ChannelSettings, ChannelState, ChannelStore } from '../ports.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import { compiledOnce } from './compiled-once.js';
import type { ChannelSettingsTable, ChannelStateTable, RadarDatabase } from './schema.js';
import { ensureChannel } from './sql-subscriptions.js';

type SettingsRow = Omit<ChannelSettingsTable, 'channel'>;
type StateRow = Omit<ChannelStateTable, 'channel'>;

const bit = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);

export function settingsPatch(patch: Partial<ChannelSettings>): Partial<SettingsRow> {
  const out: Partial<SettingsRow> = {};
  if ('size' in patch) out.size = patch.size ?? null;
  if ('time' in patch) out.time = patch.time ?? null;
  if ('timezone' in patch) out.timezone = patch.timezone ?? null;
  if ('language' in patch) out.language = patch.language ?? null;
  if ('summaries' in patch) out.summaries = bit(patch.summaries);
  if ('crosslists' in patch) out.crosslists = bit(patch.crosslists);
  if ('replacements' in patch) out.replacements = bit(patch.replacements);
  if ('learning' in patch) out.learning = bit(patch.learning);
  if ('days' in patch) out.days = patch.days ?? null;
  if ('quiet' in patch) out.quiet = bit(patch.quiet);
  if ('pausedUntil' in patch) out.paused_until = patch.pausedUntil ?? null;
  return out;
}

function settingsOf(defaults: ChannelSettings, r: Selectable<ChannelSettingsTable> | undefined): ChannelSettings {
  if (!r) return { ...defaults };
  return {
    size: r.size ?? defaults.size,
    time: r.time ?? defaults.time,
    timezone: r.timezone ?? defaults.timezone,
    language: (r.language as ChannelSettings['language'] | null) ?? defaults.language,
    summaries: r.summaries === null ? defaults.summaries : r.summaries === 1,
    crosslists: r.crosslists === null ? defaults.crosslists : r.crosslists === 1,
    replacements: r.replacements === null ? defaults.replacements : r.replacements === 1,
    ...(r.learning === null || r.learning === undefined ? (defaults.learning === undefined ? {} : { learning: defaults.learning }) : { learning: r.learning === 1 }),
    ...(r.days === null || r.days === undefined ? (defaults.days === undefined ? {} : { days: defaults.days }) : { days: r.days }),
    ...(r.quiet === null || r.quiet === undefined ? (defaults.quiet === undefined ? {} : { quiet: defaults.quiet }) : { quiet: r.quiet === 1 }),
    // a pause is the channel's own, never a deployment default
    ...(r.paused_until === null || r.paused_until === undefined ? {} : { pausedUntil: r.paused_until }),
  };
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

export function statePatch(patch: Partial<ChannelState>): Partial<StateRow> {
  const out: Partial<StateRow> = {};
  if ('lastDigestAt' in patch) out.last_digest_at = patch.lastDigestAt ?? null;
  if ('lastScheduledDay' in patch) out.last_scheduled_day = patch.lastScheduledDay ?? null;
  if ('deliveryProblem' in patch) out.delivery_problem = patch.deliveryProblem ?? null;
  if ('shownCount' in patch) out.shown_count = patch.shownCount ?? null;
  if ('pendingPaperIds' in patch) out.pending_ids = json(patch.pendingPaperIds);
  if ('pendingReasons' in patch) out.pending_reasons = json(patch.pendingReasons);
  if ('pendingSubscriptionIds' in patch) out.pending_subscriptions = json(patch.pendingSubscriptionIds);
  return out;
}

function stateOf(r: Selectable<ChannelStateTable> | undefined): ChannelState {
  if (!r) return {};
  return {
    ...(r.last_digest_at !== null ? { lastDigestAt: r.last_digest_at } : {}),
    ...(r.last_scheduled_day !== null ? { lastScheduledDay: r.last_scheduled_day } : {}),
    ...(r.delivery_problem !== null ? { deliveryProblem: r.delivery_problem } : {}),
    ...(r.shown_count !== null ? { shownCount: Number(r.shown_count) } : {}),
    ...(r.pending_ids !== null ? { pendingPaperIds: JSON.parse(r.pending_ids) as string[] } : {}),
    ...(r.pending_reasons !== null ? { pendingReasons: JSON.parse(r.pending_reasons) as NonNullable<ChannelState['pendingReasons']> } : {}),
    ...(r.pending_subscriptions !== null ? { pendingSubscriptionIds: JSON.parse(r.pending_subscriptions) as NonNullable<ChannelState['pendingSubscriptionIds']> } : {}),
  };
}

export function createSqlChannelStore(opened: OpenedSql, defaults: ChannelSettings, now: () => Date): ChannelStore {
  const { db } = opened;
  // every command reads these two (compiled once: see compiled-once.ts)
  const settingsRow = compiledOnce((q: Kysely<RadarDatabase>, ch: string) => q.selectFrom('channel_settings').selectAll().where('channel', '=', ch));
  const statusRow = compiledOnce((q: Kysely<RadarDatabase>, ch: string) =>
    q.selectFrom('channel_state').select(['channel', 'last_digest_at', 'last_scheduled_day', 'delivery_problem', 'shown_count']).where('channel', '=', ch),
  );
  return {
    async getSettings(ch) {
      return settingsOf(defaults, (await settingsRow(db, ch))[0]);
    },
    updateSettings: (ch, patch) =>
      writeTx(opened, async (trx) => {
        await ensureChannel(trx, ch, now().toISOString());
        const values = settingsPatch(patch);
        const insert = trx.insertInto('channel_settings').values({ channel: ch, ...values });
        await (Object.keys(values).length ? insert.onConflict((oc) => oc.column('channel').doUpdateSet(values)) : insert.onConflict((oc) => oc.column('channel').doNothing())).execute();
        return settingsOf(defaults, await trx.selectFrom('channel_settings').selectAll().where('channel', '=', ch).executeTakeFirst());
      }),
    async getState(ch) {
      return stateOf(await db.selectFrom('channel_state').selectAll().where('channel', '=', ch).executeTakeFirst());
    },
    async getStatus(ch) {
      const [row] = await statusRow(db, ch);
      return stateOf(row && { ...row, pending_ids: null, pending_reasons: null, pending_subscriptions: null });
    },
    updateState: (ch, patch) =>
      writeTx(opened, async (trx) => {
        await ensureChannel(trx, ch, now().toISOString());
        const values = statePatch(patch);
        const insert = trx.insertInto('channel_state').values({ channel: ch, ...values });
        await (Object.keys(values).length ? insert.onConflict((oc) => oc.column('channel').doUpdateSet(values)) : insert.onConflict((oc) => oc.column('channel').doNothing())).execute();
      }),
    async list() {
      return (await db.selectFrom('channels').select('key').orderBy('key').execute()).map((r) => r.key);
    },
  };
}
