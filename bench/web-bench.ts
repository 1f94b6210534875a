/**
 * The web section: a channel with 200 subscriptions over a day of 3,000 stored papers. Measures the
 * server time (Server-Timing) of the channel page (every Shuffle batch in turn) and of topic pages, and
 * the page's weight. Targets: channel page p95 < 50 ms and < 200 KB; topic page p95 < 100 ms.
 */
import { startRadar } from '../src/app/start-radar.js';
import { allCommands } from '../commands/index.js';
import type { ChannelRef } from '../src/chat/ports.js';
import { generateWorkload, type Corpus } from './workload.js';

export interface WebBenchResult {
  readonly papers: number;
  readonly subscriptions: number;
  readonly matched: number;
  readonly channel: { p50: number; p95: number; firstMs: number; htmlKb: number; withAssetsKb: number; samples: number };
  readonly topic: { p50: number; p95: number; samples: number; firstMs: number; distinct: number };
}

const DAY = '2026-04-28';
const CHANNEL: ChannelRef = { platform: 'shell', id: 'bench' };

const quantile = (xs: readonly number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function timed(url: string): Promise<{ ms: number; bytes: number; body: string }> {
  const res = await fetch(url);
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  const ms = Number(/dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
  return { ms, bytes: Buffer.byteLength(body), body };
}

export async function runWebBench(corpus: Corpus, quick: boolean, log: (line: string) => void): Promise<WebBenchResult> {
  const work = generateWorkload({ papers: 3000, subscriptions: 200, seed: 16, corpus });
  const radar = await startRadar({
    env: { RADAR_DB: 'memory://', LOG_LEVEL: 'silent', RADAR_WEB_SECRET: 'bench-secret-0123456789' },
    clock: { now: () => new Date(`${DAY}T12:00:00Z`) },
    scheduler: 'manual',
    catchUp: false,
    commands: allCommands,
    capabilities: { web: { port: 0, rateLimitPerMinute: 100_000 } },
  });
  try {
    await radar.services.store.papers.putMany(work.papers.map((p) => ({ ...p, announced: DAY })));
    let added = 0;
    for (const s of work.subscriptions) {
      if (added === 200) break;
      await radar.services.subscriptions.add(CHANNEL, s.query, { id: 'bench', canManage: true }).then(() => added++, () => undefined);
    }
    const link = radar.services.web!.link(CHANNEL, { id: 'bench', canManage: false });
    const first = await timed(link);
    const window = await radar.services.digests.browse(CHANNEL);
    const batches = Math.max(1, Math.ceil(window.ranked.length / 10));
    log(`web: ${work.papers.length} papers, ${added} subscriptions, ${window.ranked.length} matched (${batches} batches)`);
    const rounds = quick ? 40 : 200;
    const channel: number[] = [];
    let maxBytes = first.bytes;
    for (let i = 0; i < rounds; i++) {
      const r = await timed(`${link}&batch=${(i % batches) + 1}`);
      channel.push(r.ms);
      maxBytes = Math.max(maxBytes, r.bytes);
    }
    const base = new URL(link).origin;
    const assets = (await Promise.all(['/assets/page.css', '/assets/page.js'].map((a) => fetch(`${base}${a}`).then((r) => r.arrayBuffer())))).reduce((n, b) => n + b.byteLength, 0);
    const queries = work.subscriptions.slice(0, 20).map((s) => s.query);
    const topicUrl = (q: string) => link.replace('?', `/topics?q=${encodeURIComponent(q)}&`);
    // The first topic request builds the 30-day index (once per change of the stored papers): reported
    // apart, as the channel page's cold first request is. Every query below is then new once (a miss).
    const topicFirst = await timed(topicUrl('transformer'));
    const topic: number[] = [];
    for (let i = 0; i < (quick ? 20 : 100); i++) topic.push((await timed(topicUrl(queries[i % queries.length]!))).ms);
    return {
      papers: work.papers.length,
      subscriptions: added,
      matched: window.ranked.length,
      channel: { p50: quantile(channel, 0.5), p95: quantile(channel, 0.95), firstMs: first.ms, htmlKb: maxBytes / 1024, withAssetsKb: (maxBytes + assets) / 1024, samples: channel.length },
      topic: { p50: quantile(topic, 0.5), p95: quantile(topic, 0.95), samples: topic.length, firstMs: topicFirst.ms, distinct: queries.length },
    };
  } finally {
    await radar.stop();
  }
}
