/**
 * A small error hierarchy with stable codes. Only the dispatch boundary catches: a UserError goes back to
 * the user (ephemeral where possible); anything else is logged with context and answered with an apology.
 */
export class RadarError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The user's own mistake (bad query, unknown id, missing permission): shown to them verbatim. */
export class UserError extends RadarError {}

/** Bad or missing configuration at start-up; the message names every offending variable. */
export class ConfigError extends RadarError {
  constructor(readonly problems: readonly string[]) {
    super('config_invalid', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A source (arXiv, HF, journal, Crossref) failed or sent something unusable. `retryable` drives backoff. */
export class SourceError extends RadarError {
  constructor(
    code: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(code, message, options);
    this.retryAfterMs = options?.retryAfterMs;
  }
  readonly retryAfterMs?: number;
}

/**
 * A chat platform refused a delivery. `permanent` errors (missing permission, channel not found) are
 * recorded on the channel and surfaced once, not retried forever.
 */
export class DeliveryError extends RadarError {
  constructor(
    code: string,
    message: string,
    readonly permanent: boolean,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** An LLM call failed (no key, 401, 429 after retries, 5xx, timeout, budget spent). Briefings fall back. */
export class LlmError extends RadarError {}
