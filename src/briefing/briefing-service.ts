/**
 * `/radar brief [query]`: a cross-disciplinary briefing over the channel's latest digest (or the last 7
 * days' papers matching a query). Map-reduce: one cached short summary per paper (batched), then one
 * synthesis call. Every claim cites `[k]`; citations outside 1..n are removed; outputs are guarded. Any LLM
 * failure, a missing key or a spent budget yields the labelled extractive briefing instead.
 */
import { createHash } from 'node:crypto';
import { channelKey, type ChannelRef, type PostedMessage, type Responder } from '../chat/ports.js';
import type { Clock } from '../clock.js';
import { LlmError } from '../errors.js';
import { translator, type Language } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import { searchPapers } from '../radar/search.js';
import type { KeyValueStore, RadarStore } from '../store/ports.js';
import { extractiveBody } from './extractive.js';
import { LLM_ERROR, type LlmClient, type LlmRequest, type LlmResponse } from './llm-client.js';
import { guardOutput } from './output-guard.js';
import { PROMPT_VERSION, synthesisMessages } from './prompts.js';
import { cleanModelText, llmBlocker, reasonText } from './qa.js';
import { paperUrl } from '../papers/paper.js';
import type { SummaryCache } from './summary-cache.js';
import { budgeted, payerOf, type UsageLedger } from './usage-ledger.js';
import type { CardReason } from '../chat/message.js';
import { latestDigestOf } from './latest-digest.js';
import { papersOfLastDays } from '../papers/window.js';

/** Papers per briefing (the rest are named as not covered). */
export const MAX_BRIEFING_PAPERS = 30;
const QUERY_DAYS = 7;
const DAY_MS = 86_400_000;

export interface BriefDeps {
  readonly store: RadarStore;
  readonly kv: KeyValueStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly llm?: LlmClient;
  readonly summaries?: SummaryCache;
  readonly usage: UsageLedger;
  readonly dailyBudget: number;
}

interface Item {
  readonly paper: Paper;
  readonly group: string;
}

/** The subscription a paper matched, from its match reasons (term `moe` → the query containing `moe`). */
function groupLabel(reasons: readonly CardReason[], subs: readonly { number: number; query: string }[], other: string): string {
  for (const reason of reasons) {
    const term = reason.term.trim().toLowerCase();
    const sub = subs.find((s) => term && s.query.toLowerCase().includes(term));
    if (sub) return `#${sub.number} ${sub.query}`;
  }
  return other;
}

async function selectPapers(deps: BriefDeps, key: string, query: string | undefined, t: ReturnType<typeof translator>) {
  if (query) {
    const hits = searchPapers(await papersOfLastDays(deps.store.papers, deps.clock.now(), QUERY_DAYS), query, 1000);
    if (hits.length === 0) return { empty: t('brief.noMatches', { query }) };
    return { items: hits.map((h) => ({ paper: h.paper, group: query })), scope: t('brief.scopeQuery', { query }) };
  }
  const latest = await latestDigestOf(deps.store.outbox, key);
  if (!latest || latest.paperIds.length === 0) return { empty: t('brief.noDigest') };
  const found = new Map((await deps.store.papers.getMany(latest.paperIds)).map((p) => [p.id, p]));
  const subs = await deps.store.subscriptions.list(key);
  const items = latest.paperIds
    .map((id) => found.get(id))
    .filter((p): p is Paper => !!p)
    .map((paper) => ({ paper, group: groupLabel(latest.reasons[paper.id] ?? [], subs, t('brief.groupOther')) }));
  if (items.length === 0) return { empty: t('brief.noDigest') };
  return { items, scope: t('brief.scopeDigest') };
}

async function synthesise(
  deps: BriefDeps,
  llm: LlmClient,
  payer: string,
  items: readonly Item[],
  language: Language,
  subscriptions: readonly string[],
  responder: Responder,
): Promise<string> {
  const t = translator(language);
  let reported = 0;
  const summaries = await deps.summaries!.summarize(
    items.map((i) => i.paper),
    {
      language,
      channelKey: payer,
      // Every 4 papers and at the end: each progress line is a message edit on Discord/Slack.
      onProgress: (done, total) => {
        if (done !== total && done - reported < 4) return;
        reported = done;
        void responder.progress(t('brief.progressReading', { done, total })).catch(() => undefined);
      },
    },
  );
  const synthItems = items.map((i) => ({
    title: i.paper.title,
    summary: summaries.get(i.paper.id)?.summary ?? '',
    matched: /^#\d+/.exec(i.group)?.[0],
  }));
  const request: LlmRequest = { messages: synthesisMessages(synthItems, subscriptions, language), maxTokens: 900 };
  // Channels with the same subscriptions and papers get the same synthesis: cache it for the day.
  const cacheKey = `synth|${createHash('sha256').update(JSON.stringify([llm.model, PROMPT_VERSION, request.messages])).digest('hex')}`;
  const cached = await deps.kv.get<string>(cacheKey);
  if (cached) return cached;
  let words = 0;
  let shown = 0;
  const call = (): Promise<LlmResponse> => llm.stream
    ? llm.stream(request, undefined, (delta) => {
        words += delta.split(/\s+/).filter(Boolean).length;
        // Progress every 100 words, not per token: edits are rate-limited on every platform.
        if (Math.floor(words / 100) > shown) {
          shown = Math.floor(words / 100);
          void responder.progress(t('brief.progressWriting', { words })).catch(() => undefined);
        }
      })
    : llm.complete(request);
  const res = await budgeted(deps.usage, payer, request, call);
  const text = cleanModelText(res.text.trim(), items.map((i) => i.paper), items.length);
  await deps.kv.set(cacheKey, text, DAY_MS);
  return text;
}

/** Builds and posts the briefing through the responder (the only destination). */
export async function briefChannel(deps: BriefDeps, channel: ChannelRef, query: string | undefined, responder: Responder): Promise<PostedMessage[]> {
  const key = channelKey(channel);
  const settings = await deps.store.channels.getSettings(key);
  const t = translator(settings.language);
  const selected = await selectPapers(deps, key, query, t);
  if ('empty' in selected) return responder.reply({ text: selected.empty ?? '', ephemeral: true });
  const all = selected.items;
  const items = all.slice(0, MAX_BRIEFING_PAPERS);
  const subscriptions = (await deps.store.subscriptions.list(key)).map((s) => `#${s.number} ${s.query}`);

  const payer = payerOf(channel);
  let reason = await llmBlocker(deps, payer);
  let body = '';
  if (!reason && deps.llm && deps.summaries) {
    try {
      body = await synthesise(deps, deps.llm, payer, items, settings.language, subscriptions, responder);
    } catch (err) {
      reason = err instanceof LlmError ? err.code : LLM_ERROR.failed;
      deps.logger.warn({ channel: key, code: reason, err: err instanceof LlmError ? undefined : err }, 'LLM briefing failed; falling back to extractive');
    }
  }
  const lines = [t('brief.header', { count: items.length, scope: selected.scope })];
  if (reason) {
    lines.push(t('brief.extractiveLabel', { reason: reasonText(reason, settings.language, deps.dailyBudget) }));
    body = extractiveBody(items.map((it, i) => ({ n: i + 1, title: it.paper.title, abstract: it.paper.abstract, group: it.group })));
  }
  if (all.length > items.length) lines.push(t('brief.truncated', { max: items.length, total: all.length }));
  lines.push('', body, '', t('brief.references'));
  items.forEach((it, i) => lines.push(`[${i + 1}] [${it.paper.title.replace(/[[\]]/g, '')}](${paperUrl(it.paper)})`));
  return responder.reply({ text: guardOutput(lines.join('\n')) });
}
