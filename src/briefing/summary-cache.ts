/**
 * The shared summary cache (`store.namespace('summaries')`). A paper's summary is computed once per
 * (paper id, version, language, model, prompt version) and reused by every channel, every later briefing
 * and every digest TL;DR. Concurrent requests for the same key share one in-flight promise, and misses are
 * summarised in batches (default 8 papers per request) so the system prompt is paid once per batch.
 */
import type { Language } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import type { Paper } from '../papers/paper.js';
import type { KeyValueStore } from '../store/ports.js';
import type { LlmClient } from './llm-client.js';
import { guardOutput } from './output-guard.js';
import { PROMPT_VERSION, summaryMessages } from './prompts.js';
import { allowedLinksOf, restrictLinks } from './link-guard.js';
import { budgeted, SYSTEM_PAYER, type UsageLedger } from './usage-ledger.js';
import { keySentences } from './extractive.js';

/** Summaries are kept for half a year: papers older than that are rarely briefed, and storage stays bounded. */
const SUMMARY_TTL_MS = 180 * 24 * 3600_000;

export interface PaperSummary {
  /** One or two sentences. */
  readonly summary: string;
  /** The first sentence of the summary: the digest card's TL;DR. */
  readonly tldr: string;
  /** `extractive` when the model skipped the paper: such summaries are not cached. */
  readonly source: 'llm' | 'extractive';
}

export interface SummarizeOptions {
  readonly language: Language;
  /** Who pays for the calls (usage ledger); `system` when none. */
  readonly channelKey?: string;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly signal?: AbortSignal;
  /** Called as papers become available: (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SummaryCache {
  /**
   * Summaries for every paper (by id). Rejects with the LlmError of a failed batch; papers already cached
   * are never re-requested.
   */
  summarize(papers: readonly Paper[], options: SummarizeOptions): Promise<Map<string, PaperSummary>>;
}

export interface SummaryCacheDeps {
  readonly kv: KeyValueStore;
  readonly llm: LlmClient;
  readonly usage: UsageLedger;
  readonly logger: Logger;
  /** Papers per summary request. */
  readonly batchSize?: number;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined); // a waiter may never come; the rejection is delivered to those who do
  return { promise, resolve, reject };
}

/** The cache key; the model and prompt version are part of it so a change never serves stale text. */
export function summaryKey(paper: Paper, language: Language, model: string): string {
  return `${paper.id}|v${paper.version ?? 0}|${language}|${model}|p${PROMPT_VERSION}`;
}

/** Parses `[n] text` lines (continuation lines join the previous item). */
export function parseSummaryLines(text: string): Map<number, string> {
  const out = new Map<number, string>();
  let current: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^\s*(?:\[(\d+)\]|(\d+)[.)])\s*(.*)$/);
    if (m) {
      current = Number(m[1] ?? m[2]);
      out.set(current, (m[3] ?? '').trim());
    } else if (current !== undefined && line.trim()) {
      out.set(current, `${out.get(current) ?? ''} ${line.trim()}`.trim());
    }
  }
  return out;
}

/** First sentence, ≤ 200 chars (Latin or CJK punctuation). */
export function firstSentence(text: string): string {
  const m = text.match(/^(.+?[.!?。！？])(\s|$)/);
  const s = (m?.[1] ?? text).trim();
  return s.length > 200 ? `${s.slice(0, 197)}…` : s;
}

export function createSummaryCache(deps: SummaryCacheDeps): SummaryCache {
  const batchSize = deps.batchSize ?? 8;
  const inflight = new Map<string, Promise<PaperSummary>>();

  return {
    async summarize(papers, options) {
      const unique = [...new Map(papers.map((p) => [p.id, p])).values()];
      const waits: { id: string; promise: Promise<PaperSummary> }[] = [];
      const mine: { paper: Paper; key: string; d: Deferred<PaperSummary> }[] = [];
      // Register every key synchronously, before any await, so a concurrent caller finds it in flight.
      for (const paper of unique) {
        const key = summaryKey(paper, options.language, deps.llm.model);
        const existing = inflight.get(key);
        if (existing) {
          waits.push({ id: paper.id, promise: existing });
          continue;
        }
        const d = deferred<PaperSummary>();
        inflight.set(key, d.promise);
        mine.push({ paper, key, d });
        waits.push({ id: paper.id, promise: d.promise });
      }
      let done = 0;
      const tick = (n: number) => {
        done += n;
        options.onProgress?.(Math.min(done, unique.length), unique.length);
      };
      waits.forEach((w) => void w.promise.then(() => tick(1), () => undefined));

      const misses: typeof mine = [];
      await Promise.all(
        mine.map(async (m) => {
          const hit = await deps.kv.get<PaperSummary>(m.key).catch(() => undefined);
          if (hit) {
            inflight.delete(m.key);
            m.d.resolve(hit);
          } else misses.push(m);
        }),
      );
      misses.sort((a, b) => unique.indexOf(a.paper) - unique.indexOf(b.paper));

      const batches: (typeof mine)[] = [];
      for (let i = 0; i < misses.length; i += batchSize) batches.push(misses.slice(i, i + batchSize));
      await Promise.all(
        batches.map(async (batch) => {
          try {
            const request = {
              messages: summaryMessages(batch.map((b) => b.paper), options.language),
              maxTokens: 90 * batch.length,
              timeoutMs: options.timeoutMs,
              maxRetries: options.maxRetries,
            };
            const res = await budgeted(deps.usage, options.channelKey ?? SYSTEM_PAYER, request, () => deps.llm.complete(request, options.signal));
            const lines = parseSummaryLines(res.text);
            for (const [i, b] of batch.entries()) {
              const text = lines.get(i + 1);
              if (text) {
                // a summary cites nothing and links only to its own paper
                const summary = guardOutput(restrictLinks(text.replace(/\s?\[\d+(?:\s*[,–-]\s*\d+)*\]/g, ''), allowedLinksOf([b.paper])));
                const value: PaperSummary = { summary, tldr: firstSentence(summary), source: 'llm' };
                await deps.kv.set(b.key, value, SUMMARY_TTL_MS).catch((err) => deps.logger.warn({ err }, 'summary cache write failed'));
                b.d.resolve(value);
              } else {
                const summary = keySentences(b.paper.abstract, 1);
                b.d.resolve({ summary, tldr: firstSentence(summary), source: 'extractive' });
              }
            }
          } catch (err) {
            for (const b of batch) b.d.reject(err);
          } finally {
            for (const b of batch) inflight.delete(b.key);
          }
        }),
      );

      const settled = await Promise.allSettled(waits.map((w) => w.promise));
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const out = new Map<string, PaperSummary>();
      settled.forEach((s, i) => out.set(waits[i]!.id, (s as PromiseFulfilledResult<PaperSummary>).value));
      return out;
    },
  };
}
