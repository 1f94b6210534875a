import { translator, type MessageKey, type Translate } from './i18n/messages.js';

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

/**
 * The user's own mistake (bad query, unknown id, missing permission). It carries a catalogue key and its
 * values, so the dispatch boundary words it in the channel's language; `message` is the English text (logs).
 */
export class UserError extends RadarError {
  constructor(
    code: string,
    readonly key: MessageKey,
    readonly vars: Readonly<Record<string, MessageValue>> = {},
  ) {
    super(code, renderMessage(translator('en'), key, vars));
  }

  /** The message in the user's language. */
  translate(t: Translate): string {
    return renderMessage(t, this.key, this.vars);
  }
}

/** Refused queries `ImportRejected` lists one by one (the rest are counted). */
const LISTED_PROBLEMS = 8;

/** A query `/radar import` refused: its place in the import (1-based), its text, why. */
export interface ImportProblem {
  readonly position: number;
  readonly query: string;
  readonly error: UserError;
}

/** `/radar import` refused: each refused query; nothing was stored. */
export class ImportRejected extends UserError {
  constructor(readonly problems: readonly ImportProblem[]) {
    super('import_rejected', 'import.rejected', { count: problems.length });
  }

  override translate(t: Translate): string {
    const listed = this.problems.slice(0, LISTED_PROBLEMS).map((p) => t('import.problem', { position: p.position, query: p.query, error: p.error.translate(t) }));
    const more = this.problems.length - LISTED_PROBLEMS;
    return [super.translate(t), ...listed, ...(more > 0 ? [t('import.moreProblems', { count: more })] : [])].join('\n');
  }
}

/** A value inside a message: plain, or another catalogue message (translated in the same language). */
export type MessageValue = string | number | { readonly key: MessageKey; readonly vars?: Readonly<Record<string, MessageValue>> };

function renderMessage(t: Translate, key: MessageKey, vars: Readonly<Record<string, MessageValue>>): string {
  const flat: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars)) {
    flat[name] = typeof value === 'object' ? renderMessage(t, value.key, value.vars ?? {}) : value;
  }
  return t(key, flat);
}

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

/**
 * The store could not do what was asked (file locked past the busy timeout, connection lost, constraint
 * broken). Nothing was changed by the failed operation; the caller may retry. Commands answer
 * "storage is busy — nothing was changed, try again"; scheduled digests retry with backoff.
 */
export class StoreError extends RadarError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('store_unavailable', message, options);
  }
}

/** An LLM call failed (no key, 401, 429 after retries, 5xx, timeout, budget spent). Briefings fall back. */
export class LlmError extends RadarError {}

/** A capability this deployment did not enable (briefings, journals, trending): answered, translated. */
export function capabilityOff(capability: 'briefing' | 'journals' | 'trending' | 'topics'): UserError {
  return new UserError('capability_off', 'capability.off', { capability: { key: `capability.${capability}` } });
}
