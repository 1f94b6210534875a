/**
 * Paper Q&A: answers grounded in one paper (title, authors, abstract, comments, HF summary), with the
 * thread's earlier turns as context. Without an LLM, the most relevant abstract sentences, labelled.
 */
import { translator, type Language, type MessageKey } from '../i18n/messages.js';
import type { Logger } from '../logger.js';
import { paperUrl, type Paper } from '../papers/paper.js';
import type { ThreadTurn } from '../store/ports.js';
import { LlmError } from '../errors.js';
import { LLM_ERROR, type LlmClient } from './llm-client.js';
import { answerMessages } from './prompts.js';
import { guardOutput, sanitizeCitations } from './output-guard.js';
import { keySentences, relevantSentences } from './extractive.js';
import { allowedLinksOf, restrictLinks } from './link-guard.js';
import { budgeted, type UsageLedger } from './usage-ledger.js';

/** How many earlier turns go into the prompt. */
export const CONTEXT_TURNS = 6;
/** Longest question (characters) that reaches the prompt; the rest is cut. */
export const MAX_QUESTION_CHARS = 1_000;
/** Longest earlier turn (characters) that reaches the prompt. */
export const MAX_TURN_CHARS = 2_000;

/** Text cut to `max` characters (on a code point boundary), marked with an ellipsis when cut. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\uD800-\uDBFF]/.test(text[max - 2] ?? '') ? max - 2 : max - 1;
  return `${text.slice(0, cut)}…`;
}

export interface QaDeps {
  readonly llm?: LlmClient;
  readonly usage: UsageLedger;
  readonly logger: Logger;
  readonly dailyBudget: number;
}

/** Why the LLM cannot be used for this payer right now, or undefined when it can (the reservation decides). */
export async function llmBlocker(deps: Pick<QaDeps, 'llm' | 'usage'>, payer: string): Promise<string | undefined> {
  if (!deps.llm) return LLM_ERROR.noKey;
  if (await deps.usage.exhausted(payer)) return LLM_ERROR.budget;
  return undefined;
}

/** Model text made safe to post about `papers`: citations 1..count only, foreign links reduced to text. */
export function cleanModelText(text: string, papers: readonly Paper[], count: number): string {
  return restrictLinks(sanitizeCitations(text, count), allowedLinksOf(papers));
}

/** The human reason for a fallback, in the channel's language. */
export function reasonText(code: string, language: Language, dailyBudget: number): string {
  const t = translator(language);
  const key = `llm.reason.${code}` as MessageKey;
  return t(key, { budget: dailyBudget }) === key ? t('llm.reason.llm_failed') : t(key, { budget: dailyBudget });
}

/** Answers `question` about `paper`; never throws for LLM failures (falls back, labelled). */
export async function answerQuestion(
  deps: QaDeps,
  input: { payer: string; paper: Paper; question: string; language: Language; turns: readonly ThreadTurn[] },
): Promise<string> {
  const t = translator(input.language);
  const source = t('ask.source', { title: input.paper.title, url: paperUrl(input.paper) });
  let reason = await llmBlocker(deps, input.payer);
  if (!reason && deps.llm) {
    const llm = deps.llm;
    try {
      const turns = input.turns.map((turn) => ({ ...turn, text: capText(turn.text, MAX_TURN_CHARS) }));
      const request = { messages: answerMessages(input.paper, turns, capText(input.question, MAX_QUESTION_CHARS), input.language), maxTokens: 400 };
      const res = await budgeted(deps.usage, input.payer, request, () => llm.complete(request));
      // the paper is the prompt's only source, numbered 1: any other citation is invented
      return guardOutput(`${cleanModelText(res.text.trim(), [input.paper], 1)}\n\n${source}`);
    } catch (err) {
      reason = err instanceof LlmError ? err.code : LLM_ERROR.failed;
      deps.logger.warn({ code: reason, paper: input.paper.id }, 'LLM answer failed; answering extractively');
    }
  }
  const corpus = [input.paper.abstract, input.paper.comments ?? '', input.paper.hf?.aiSummary ?? ''].join(' ');
  const hits = relevantSentences(corpus, input.question);
  const body = hits.length ? hits.map((s) => `• ${s}`).join('\n') : t('ask.notInAbstract', { gist: keySentences(input.paper.abstract, 1) });
  const label = t('ask.extractiveLabel', { reason: reasonText(reason ?? LLM_ERROR.failed, input.language, deps.dailyBudget) });
  return guardOutput(`${label}\n${body}\n\n${source}`);
}
