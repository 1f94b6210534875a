/**
 * The one file that imports `openai` (an architecture test checks it). Implements the LlmClient port and the
 * EmbeddingClient port (topic subscriptions) for any OpenAI-compatible server (OPENAI_BASE_URL, or
 * RADAR_EMBEDDING_URL for embeddings) and maps the SDK's error classes to LlmError codes.
 */
import OpenAI from 'openai';
import { cleanOutboundText } from '../chat/edge-text.js';
import type { Config } from '../config.js';
import { LlmError } from '../errors.js';
import type { EmbeddingClient } from '../topics/embedding-client.js';
import { LLM_ERROR, type LlmClient, type LlmRequest, type LlmResponse } from './llm-client.js';

export interface OpenAiLlmClientOptions {
  readonly apiKey: string;
  readonly baseURL?: string;
  readonly model: string;
  readonly timeoutMs: number;
  /** SDK retries on 408/409/429/5xx and connection errors, honouring retry-after. */
  readonly maxRetries?: number;
  readonly fetch?: typeof fetch;
}

/** The SDK client both wrappers use: its own retries (2 by default) honour retry-after. */
function sdkClient(options: Omit<OpenAiLlmClientOptions, 'model'>): OpenAI {
  return new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: options.timeoutMs, maxRetries: options.maxRetries ?? 2, fetch: options.fetch });
}

/** Builds the client from config; undefined when no OPENAI_API_KEY is set (briefings then run without an LLM). */
export function createLlmClientFromConfig(config: Config, fetchImpl?: typeof fetch): LlmClient | undefined {
  if (!config.OPENAI_API_KEY) return undefined;
  return createOpenAiLlmClient({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.RADAR_LLM_MODEL,
    timeoutMs: config.RADAR_LLM_TIMEOUT_MS,
    fetch: fetchImpl,
  });
}

export function createOpenAiLlmClient(options: OpenAiLlmClientOptions): LlmClient {
  const client = sdkClient(options);
  const body = (request: LlmRequest) => ({
    model: options.model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    temperature: request.temperature ?? 0.2,
  });
  const requestOptions = (request: LlmRequest, signal?: AbortSignal) => ({
    signal,
    ...(request.timeoutMs !== undefined ? { timeout: request.timeoutMs } : {}),
    ...(request.maxRetries !== undefined ? { maxRetries: request.maxRetries } : {}),
  });

  return {
    model: options.model,
    async complete(request, signal): Promise<LlmResponse> {
      try {
        const res = await client.chat.completions.create({ ...body(request), stream: false }, requestOptions(request, signal));
        return {
          // a model's text is stored and posted: no control or bidi character gets past here
          text: cleanOutboundText(res.choices[0]?.message?.content ?? ''),
          usage: { promptTokens: res.usage?.prompt_tokens ?? 0, completionTokens: res.usage?.completion_tokens ?? 0 },
        };
      } catch (err) {
        throw toLlmError(err);
      }
    },
    async stream(request, signal, onDelta): Promise<LlmResponse> {
      try {
        const stream = await client.chat.completions.create(
          { ...body(request), stream: true, stream_options: { include_usage: true } },
          requestOptions(request, signal),
        );
        let text = '';
        let usage = { promptTokens: 0, completionTokens: 0 };
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta?.content ?? '';
          if (delta) {
            text += delta;
            onDelta(cleanOutboundText(delta));
          }
          if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
        }
        return { text: cleanOutboundText(text), usage };
      } catch (err) {
        throw toLlmError(err);
      }
    },
  };
}

export interface OpenAiEmbeddingClientOptions {
  readonly apiKey: string;
  readonly baseURL?: string;
  readonly model: string;
  readonly timeoutMs: number;
  /** Asked of models that can shorten their vectors (`dimensions` of text-embedding-3-*). */
  readonly dimensions?: number;
  readonly maxRetries?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Builds the embeddings client from config; undefined when RADAR_EMBEDDING_MODEL is unset (topic
 * subscriptions then run in lexical mode). The server is RADAR_EMBEDDING_URL, else OPENAI_BASE_URL; the key
 * is OPENAI_API_KEY (local servers that need none get a placeholder: the SDK insists on one).
 */
export function createEmbeddingClientFromConfig(config: Config, fetchImpl?: typeof fetch): EmbeddingClient | undefined {
  if (!config.RADAR_EMBEDDING_MODEL) return undefined;
  return createOpenAiEmbeddingClient({
    apiKey: config.OPENAI_API_KEY ?? 'no-key',
    baseURL: config.RADAR_EMBEDDING_URL ?? config.OPENAI_BASE_URL,
    model: config.RADAR_EMBEDDING_MODEL,
    timeoutMs: config.RADAR_EMBEDDING_TIMEOUT_MS,
    dimensions: config.RADAR_EMBEDDING_DIMENSIONS,
    fetch: fetchImpl,
  });
}

export function createOpenAiEmbeddingClient(options: OpenAiEmbeddingClientOptions): EmbeddingClient {
  const client = sdkClient(options);
  return {
    model: options.model,
    async embed(inputs, signal) {
      try {
        const res = await client.embeddings.create(
          {
            model: options.model,
            input: [...inputs],
            // float, not the SDK's default base64: every OpenAI-compatible server speaks float
            encoding_format: 'float',
            ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
          },
          { signal },
        );
        const byIndex = [...res.data].sort((a, b) => a.index - b.index);
        return { vectors: byIndex.map((d) => d.embedding), promptTokens: res.usage?.prompt_tokens ?? 0 };
      } catch (err) {
        throw toLlmError(err);
      }
    },
  };
}

/** Maps SDK errors to stable codes. The message never carries the request (it could hold paper text). */
export function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof OpenAI.APIUserAbortError) return new LlmError(LLM_ERROR.aborted, 'LLM request aborted', { cause: err });
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new LlmError(LLM_ERROR.timeout, 'LLM request timed out', { cause: err });
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new LlmError(LLM_ERROR.auth, `LLM API refused the key (HTTP ${err.status})`, { cause: err });
  }
  if (err instanceof OpenAI.RateLimitError) return new LlmError(LLM_ERROR.rateLimited, 'LLM API rate limit (HTTP 429) after retries', { cause: err });
  if (err instanceof OpenAI.APIError && typeof err.status === 'number' && err.status >= 500) {
    return new LlmError(LLM_ERROR.server, `LLM API server error (HTTP ${err.status})`, { cause: err });
  }
  if (err instanceof OpenAI.APIError) return new LlmError(LLM_ERROR.failed, `LLM API error${err.status ? ` (HTTP ${err.status})` : ''}`, { cause: err });
  return new LlmError(LLM_ERROR.failed, 'LLM request failed', { cause: err });
}
