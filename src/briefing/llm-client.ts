/**
 * The LLM port. The briefing service talks only to this interface; `openai-llm-client.ts` implements it
 * with the `openai` package against any OpenAI-compatible server. Tests drive that real client against the
 * loopback emulator in test/emulators/openai.
 */

export interface LlmMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface LlmRequest {
  readonly messages: readonly LlmMessage[];
  /** Upper bound on the completion length. */
  readonly maxTokens?: number;
  readonly temperature?: number;
  /** Per-request timeout overriding the client's default (TL;DRs use a short one). */
  readonly timeoutMs?: number;
  /** Per-request retry count overriding the client's default (best-effort calls use 0). */
  readonly maxRetries?: number;
}

export interface LlmUsage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface LlmResponse {
  readonly text: string;
  /** As reported by the API's `usage` field (zeros when the server sends none). */
  readonly usage: LlmUsage;
}

/**
 * A chat-completion client. Failures (no key, 401, 429 after retries, 5xx, timeout, abort) reject with an
 * `LlmError` whose code says which, so callers can fall back to the extractive briefing.
 */
export interface LlmClient {
  /** The model name: part of the summary cache key. */
  readonly model: string;
  complete(request: LlmRequest, signal?: AbortSignal): Promise<LlmResponse>;
  /** Streams the completion, calling `onDelta` with each text fragment; resolves to the whole response. */
  stream?(request: LlmRequest, signal: AbortSignal | undefined, onDelta: (delta: string) => void): Promise<LlmResponse>;
}

/** Stable LlmError codes. */
export const LLM_ERROR = {
  noKey: 'llm_no_key',
  auth: 'llm_auth',
  rateLimited: 'llm_rate_limited',
  server: 'llm_server',
  timeout: 'llm_timeout',
  aborted: 'llm_aborted',
  failed: 'llm_failed',
  budget: 'llm_budget',
  globalBudget: 'llm_global_budget',
} as const;
export type LlmErrorCode = (typeof LLM_ERROR)[keyof typeof LLM_ERROR];
