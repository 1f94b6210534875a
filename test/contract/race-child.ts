/**
 * One of two processes racing on one database (see store-races.test.ts): on "go" it adds a subscription to
 * each of 40 channels and 20 to one channel at once, marks 50 shared event ids seen and counts usage 100
 * times, adds one query to 10 channels that the other process adds too, 30 people vote in one channel and a journal feed is added to each of the 40 channels, then prints how many events it saw first.
 */
import { createInterface } from 'node:readline';
import { createJournalFeedsStore } from '../../src/sources/journal-feeds-store.js';
import { openSqlRadarStore } from '../../src/store/sql/sql-radar-store.js';

const defaults = { size: 10, time: '08:00', timezone: 'UTC', language: 'en' as const, summaries: false, crosslists: true, replacements: false };
const who = process.env.RACE_WHO ?? 'x';
const store = await openSqlRadarStore(process.env.RACE_DB!, { defaults });
process.stdout.write('ready\n');
const rl = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => rl.once('line', () => resolve()));
rl.close();
const feeds = createJournalFeedsStore(store);
const [, , , firsts] = await Promise.all([
  Promise.all(Array.from({ length: 40 }, (_, i) => store.subscriptions.add(`race:ch${i}`, `topic ${who} ${i}`))),
  Promise.all(Array.from({ length: 20 }, (_, i) => store.subscriptions.add('race:one', `one ${who} ${i}`))),
  Promise.all(Array.from({ length: 10 }, (_, i) => store.subscriptions.add(`race:same${i}`, `same query ${i}`, who))),
  Promise.all(Array.from({ length: 50 }, (_, i) => store.threads.markEventSeen(`Ev${i}`))),
  Promise.all(Array.from({ length: 100 }, () => store.usage.add('race:tokens', 1))),
  Promise.all(Array.from({ length: 30 }, () => store.usage.reserve('race:budget', 1, 45))),
  Promise.all(Array.from({ length: 40 }, (_, i) => feeds.add(`race:ch${i}`, { url: `https://${who}.example/${i}.rss`, name: `J ${who} ${i}`, addedAt: new Date().toISOString() }))),
  Promise.all(Array.from({ length: 30 }, (_, i) => store.votes.put('race:votes', { paperId: `p${i % 5}`, voterId: `${who}${i}`, value: 1, at: new Date().toISOString(), features: { 'w:race': 1 } }))),
]);
process.stdout.write(`${JSON.stringify({ firsts: firsts.filter(Boolean).length })}\n`);
await store.close();
