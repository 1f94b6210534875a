/**
 * The team's votes: a row per (channel, paper, voter). A vote is one transaction (its outcome read and its row
 * written together), so votes arriving at several processes at once are all kept, and a vote costs one row —
 * not a rewrite of the channel's history.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { PutOutcome, Vote, VoteStore } from '../../feedback/vote-store.js';
import { writeTx, type OpenedSql } from './open-sql.js';
import { inLists } from './sql-papers.js';
import type { RadarDatabase, VotesTable } from './schema.js';

/** Votes kept per channel; the oldest go first beyond this (a team never reaches it in years). */
export const MAX_VOTES_PER_CHANNEL = 5000;

function voteOf(row: Selectable<VotesTable>): Vote {
  return {
    paperId: row.paper_id,
    voterId: row.voter_id,
    value: row.value > 0 ? 1 : -1,
    at: row.at,
    features: JSON.parse(row.features) as Record<string, number>,
  };
}

async function putVote(trx: Kysely<RadarDatabase>, channel: string, vote: Vote, keep: number): Promise<PutOutcome> {
  const old = await trx
    .selectFrom('votes')
    .select('value')
    .where('channel', '=', channel)
    .where('paper_id', '=', vote.paperId)
    .where('voter_id', '=', vote.voterId)
    .executeTakeFirst();
  if (old?.value === vote.value) return 'unchanged';
  const features = JSON.stringify(vote.features);
  // the next number of the channel's order: a changed vote moves to the end, as a new one does
  await sql`insert into votes (channel, paper_id, voter_id, value, at, seq, features)
    select cast(${channel} as text), cast(${vote.paperId} as text), cast(${vote.voterId} as text), cast(${vote.value} as integer),
      cast(${vote.at} as text), coalesce(max(seq), 0) + 1, cast(${features} as text)
    from votes where channel = ${channel}
    on conflict (channel, paper_id, voter_id)
    do update set value = excluded.value, at = excluded.at, seq = excluded.seq, features = excluded.features`.execute(trx);
  await sql`delete from votes where channel = ${channel}
    and seq < (select seq from votes where channel = ${channel} order by seq desc limit 1 offset ${keep - 1})`.execute(trx);
  return old ? 'changed' : 'added';
}

/** The votes' order: as written (a changed vote counts as written last); ties (two processes at once) by time, then ids. */
const bySeq = (a: Selectable<VotesTable>, b: Selectable<VotesTable>): number =>
  a.seq - b.seq || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0) || (a.paper_id < b.paper_id ? -1 : a.paper_id > b.paper_id ? 1 : 0) || (a.voter_id < b.voter_id ? -1 : 1);

export function createSqlVoteStore(opened: OpenedSql, keep = MAX_VOTES_PER_CHANNEL): VoteStore {
  const { db } = opened;
  return {
    put: (channelKey, vote) => writeTx(opened, (trx) => putVote(trx, channelKey, vote, keep)),
    async remove(channelKey, paperId, voterId, value) {
      let q = db.deleteFrom('votes').where('channel', '=', channelKey).where('paper_id', '=', paperId).where('voter_id', '=', voterId);
      if (value !== undefined) q = q.where('value', '=', value);
      return Number((await q.executeTakeFirst()).numDeletedRows) > 0;
    },
    async list(channelKey) {
      return (await db.selectFrom('votes').selectAll().where('channel', '=', channelKey).execute()).sort(bySeq).map(voteOf);
    },
    async on(channelKey, paperIds) {
      const rows: Selectable<VotesTable>[] = [];
      for (const ids of inLists(paperIds)) {
        rows.push(...(await db.selectFrom('votes').selectAll().where('channel', '=', channelKey).where('paper_id', 'in', ids).execute()));
      }
      return rows.sort(bySeq).map(voteOf);
    },
    async forget(channelKey) {
      return Number((await db.deleteFrom('votes').where('channel', '=', channelKey).executeTakeFirst()).numDeletedRows);
    },
  };
}
