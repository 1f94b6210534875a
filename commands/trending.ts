/**
 * `/radar trending`: today's Hugging Face daily papers that match this channel's subscriptions (or the
 * top ones when the channel has none), ranked by upvotes. Each HF record is merged with the stored arXiv
 * record first, so category terms (`cat:cs.LG`) match and the card shows every source.
 */
import type { RadarCommand } from './command.js';
import { channelKey } from '../src/chat/ports.js';
import { reasonChips, toCard } from '../src/digest/cards.js';
import { channelOfSubscription } from '../src/digest/match-cache.js';
import { SourceError, UserError } from '../src/errors.js';
import { mergePapers } from '../src/papers/merge.js';
import type { Paper } from '../src/papers/paper.js';
import type { MatchReason } from '../src/radar/subscription.js';
import { sourcesOf } from '../src/sources/hf-journal-extension.js';
import { createHfSource } from '../src/sources/hf-source.js';

export const trendingCommand: RadarCommand = {
  spec: {
    name: 'trending',
    description: 'Today’s Hugging Face papers that match this channel, ranked by upvotes',
    usage: '/radar trending',
    slow: true,
    options: [],
  },
  async execute({ invocation, responder, services }) {
    const key = channelKey(invocation.channel);
    const hf =
      sourcesOf(services)?.hf ??
      createHfSource({ baseUrl: services.config.HF_API_URL, clock: services.clock, userAgent: services.config.RADAR_USER_AGENT });
    const day = services.clock.now().toISOString().slice(0, 10);
    let fetched: Paper[];
    try {
      fetched = await hf.fetchDaily(day);
    } catch (err) {
      if (err instanceof SourceError) throw new UserError('hf_unavailable', `Hugging Face Papers is not answering right now (${err.message}). Try again later.`);
      throw err;
    }
    if (fetched.length === 0) {
      await responder.reply({ text: `Hugging Face has no daily papers for ${day} yet.` });
      return;
    }
    const stored = await services.store.papers.getMany(fetched.map((p) => p.id));
    const storedIds = new Set(stored.map((p) => p.id));
    // Merge with what the store knows (categories, arXiv label); keep only today's HF papers.
    const todays = new Set(fetched.map((p) => p.id));
    const papers = mergePapers([...stored, ...fetched]).filter((p) => todays.has(p.id));
    const subs = await services.store.subscriptions.list(key);
    const picked: { paper: Paper; reasons: MatchReason[] }[] = [];
    for (const paper of papers) {
      if (subs.length === 0) {
        picked.push({ paper, reasons: [] });
        continue;
      }
      const mine = services.matcher.match(paper).filter((m) => channelOfSubscription(m.subscriptionId) === key);
      if (mine.length) picked.push({ paper, reasons: mine.flatMap((m) => m.reasons) });
    }
    picked.sort((a, b) => (b.paper.hf?.upvotes ?? 0) - (a.paper.hf?.upvotes ?? 0) || a.paper.id.localeCompare(b.paper.id));
    const size = (await services.store.channels.getSettings(key)).size;
    const top = picked.slice(0, size);
    if (top.length === 0) {
      await responder.reply({ text: `None of today’s ${fetched.length} Hugging Face papers match this channel’s subscriptions.` });
      return;
    }
    // Discuss needs the paper in the store: HF-only papers are stored (merged) before the cards go out.
    const missing = top.map((c) => c.paper).filter((p) => !storedIds.has(p.id));
    if (missing.length) await services.store.papers.putMany(missing);
    const scope = subs.length ? 'matching this channel' : 'top (this channel has no subscriptions)';
    await responder.reply({
      text: `**Trending on Hugging Face · ${day}** — ${top.length} of ${picked.length} ${scope}, by upvotes`,
      cards: top.map((c, i) => ({
        ...toCard(c.paper, i + 1, reasonChips(c.reasons)),
        ...(c.paper.hf?.aiSummary ? { tldr: c.paper.hf.aiSummary } : {}),
      })),
      discussable: true,
    });
  },
};
