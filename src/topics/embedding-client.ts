/**
 * The embeddings port. `src/briefing/openai-llm-client.ts` (the one file importing `openai`) implements it
 * for any OpenAI-compatible `/v1/embeddings` server; tests drive that real client against the loopback
 * emulator. Failures reject with an `LlmError` (same codes as chat completions: auth, rate limit, server,
 * timeout), so topic matching can fall back to lexical mode exactly as briefings fall back to extractive.
 */

export interface EmbeddingResult {
  /** One vector per input, in input order (as the server sent them: not yet validated or normalised). */
  readonly vectors: readonly (readonly number[])[];
  /** `usage.prompt_tokens` as reported (0 when the server sends none). */
  readonly promptTokens: number;
}

export interface EmbeddingClient {
  /** The model name: part of every stored vector's key (vectors of two models never mix). */
  readonly model: string;
  /** Embeds one batch (the caller batches; one call is one HTTP request). */
  embed(inputs: readonly string[], signal?: AbortSignal): Promise<EmbeddingResult>;
}
