/**
 * Configuration: one zod schema over process.env, validated once at start-up. Every problem is collected
 * and reported together, naming each variable, so an operator fixes them in one go.
 */
import { z } from 'zod';
import { ROLES } from './cluster/roles.js';
import { ConfigError } from './errors.js';
import { checkArxivName } from './papers/arxiv-taxonomy.js';
import { maskCredentials } from './secrets.js';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));
const csv = z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));
const url = z.string().url();
const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24h)');
const timezone = z.string().refine(isValidTimezone, 'not an IANA time zone (e.g. Europe/Berlin)');
/** arXiv categories or archives, each checked against the taxonomy: one typo would make arXiv refuse the whole listing request. */
const categories = csv.superRefine((cats, ctx) => {
  for (const c of cats) {
    const { known, nearest } = checkArxivName(c);
    if (!known) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${c}" is not an arXiv category or archive${nearest ? ` (did you mean ${nearest}?)` : ''}` });
  }
});

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const schema = z
  .object({
    NODE_ENV: z.string().default('production'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** `json` (default: servers, pipes) or `terminal` (full logs to RADAR_LOG_FILE, short warn+ lines on screen). */
    RADAR_LOG_FORMAT: z.enum(['json', 'terminal']).default('json'),
    RADAR_LOG_FILE: z.string().min(1).default('./data/radar.log'),
    RADAR_DB: z
      .string()
      .regex(/^(sqlite|redis|rediss|postgres|postgresql|memory):\/\//, 'expected sqlite://, redis://, postgres:// (or memory:// for throwaway runs) URL')
      .default('sqlite://./data/radar.sqlite'),
    RADAR_CATEGORIES: categories.default('cs.AI,cs.LG,cs.CL,cs.CV'),
    RADAR_TIMEZONE: timezone.default('UTC'),
    RADAR_DIGEST_TIME: hhmm.default('08:00'),
    RADAR_DIGEST_SIZE: intIn(1, 50).default(10),
    RADAR_LOOKBACK_DAYS: intIn(1, 14).default(3),
    RADAR_DIGEST_CONCURRENCY: intIn(1, 100_000).default(16),
    RADAR_RETENTION_DAYS: intIn(7, 36_500).default(90),
    RADAR_SHELL: bool.optional(),
    RADAR_SHELL_CHANNEL: z.string().min(1).default('terminal'),
    ARXIV_RSS_URL: url.default('https://rss.arxiv.org/rss'),
    ARXIV_API_URL: url.default('https://export.arxiv.org/api/query'),
    ARXIV_MIN_INTERVAL_MS: intIn(0, 600_000).default(3000),
    ARXIV_EMPTY_RETRIES: intIn(0, 20).default(3),
    ARXIV_EMPTY_RETRY_MS: intIn(0, 3_600_000).default(600_000),
    ARXIV_BACKFILL_LISTINGS: intIn(0, 10).default(3),
    HTTP_TIMEOUT_MS: intIn(100, 600_000).default(30_000),
    HTTP_RETRIES: intIn(0, 10).default(4),
    RADAR_INGEST_DEADLINE_MS: intIn(1_000, 24 * 3_600_000).default(1_200_000),
    RADAR_USER_AGENT: z.string().min(1).default('AcademicHub/0.1 (research radar bot; +https://github.com/academichub)'),
    RADAR_HF: bool.default('true'),
    HF_API_URL: url.default('https://huggingface.co/api'),
    CROSSREF_API_URL: url.default('https://api.crossref.org'),
    RADAR_CONTACT_EMAIL: z.string().email().optional(),
    RADAR_FEED_ALLOW_HOSTS: csv.default(''),
    RADAR_FEED_MAX_BYTES: intIn(1024, 100_000_000).default(5_000_000),
    DISCORD_TOKEN: z.string().min(1).optional(),
    DISCORD_GUILD_ID: z.string().regex(/^\d+$/, 'expected a numeric guild id').optional(),
    DISCORD_API_URL: url.default('https://discord.com/api'),
    RADAR_DISCORD_MANAGER_ONLY: bool.default('true'),
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'expected a bot token starting with xoxb-').optional(),
    SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'expected an app-level token starting with xapp-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_API_URL: url.default('https://slack.com/api/'),
    RADAR_SLACK_MANAGERS: csv.default(''),
    PORT: intIn(1, 65535).default(3000),
    OPENAI_API_KEY: z.string().min(1).optional(),
    OPENAI_BASE_URL: url.optional(),
    RADAR_LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
    RADAR_LLM_TIMEOUT_MS: intIn(100, 600_000).default(60_000),
    RADAR_LLM_DAILY_TOKENS: intIn(0, 1_000_000_000).default(200_000),
    RADAR_LLM_GLOBAL_DAILY_TOKENS: intIn(0, 10_000_000_000).default(2_000_000),
    RADAR_LLM_USER_HOURLY_REQUESTS: intIn(0, 100_000).default(20),
    // topic subscriptions (`topic:"…"`, `like:<paper>`): embeddings when a model is set, else lexical (BM25)
    RADAR_EMBEDDING_MODEL: z.string().min(1).optional(),
    RADAR_EMBEDDING_URL: url.optional(),
    RADAR_EMBEDDING_DIMENSIONS: intIn(1, 8192).optional(),
    RADAR_EMBEDDING_BATCH: intIn(1, 2048).default(64),
    RADAR_EMBEDDING_TIMEOUT_MS: intIn(100, 600_000).default(30_000),
    RADAR_TOPIC_CUTOFF: z.coerce.number().min(-1).max(1).optional(),
    RADAR_TOPIC_DAILY_CAP: intIn(1, 500).default(15),
    // Web page, health and metrics (src/web).
    RADAR_WEB_PORT: intIn(0, 65535).default(8080),
    RADAR_WEB_URL: url.optional(),
    RADAR_WEB_SECRET: z.string().min(16, 'at least 16 characters').optional(),
    RADAR_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    // Cluster mode (RADAR_DB=postgres://… with REDIS_URL): roles, queues, rate limits, Discord shards.
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'expected redis:// or rediss:// URL').optional(),
    RADAR_ROLES: csv.pipe(z.array(z.enum(ROLES)).min(1, 'name at least one role')).default(ROLES.join(',')),
    RADAR_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only').default('radar'),
    RADAR_JOB_ATTEMPTS: intIn(1, 100).default(8),
    RADAR_JOB_BACKOFF_MS: intIn(10, 3_600_000).default(30_000),
    RADAR_DISCORD_RATE: intIn(1, 10_000).default(50),
    RADAR_SLACK_RATE: intIn(1, 10_000).default(20),
    RADAR_DISCORD_SHARDS: z.union([z.literal('auto'), intIn(1, 10_000)]).optional(),
    RADAR_DISCORD_SHARD_IDS: csv.pipe(z.array(z.coerce.number().int().min(0))).optional(),
  });

export type Config = Readonly<z.infer<typeof schema>>;

/** Every variable the schema reads (deployment files are checked against it). */
export const CONFIG_KEYS: readonly string[] = Object.keys(schema.shape);

/** Variables whose values must never be logged. */
export const SECRET_KEYS = [
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'OPENAI_API_KEY',
  'RADAR_WEB_SECRET',
  'RADAR_METRICS_TOKEN',
] as const;

/**
 * Parse and validate the environment. Empty strings count as unset (a blank line in .env is common).
 * @throws ConfigError naming every missing or invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') cleaned[k] = v.trim();
  const result = schema.safeParse(cleaned);
  const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  // Cross-variable rules, checked on the raw values so they are reported together with the rest.
  if (cleaned.SLACK_BOT_TOKEN && !cleaned.SLACK_APP_TOKEN && !cleaned.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_SIGNING_SECRET: required in HTTP mode (SLACK_BOT_TOKEN set without SLACK_APP_TOKEN)');
  }
  problems.push(...shardProblems(cleaned));
  if (!result.success || problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(result.data);
}

/** Shard ids need a numeric shard count and must lie below it. */
function shardProblems(env: Record<string, string>): string[] {
  if (!env.RADAR_DISCORD_SHARD_IDS) return [];
  const count = Number(env.RADAR_DISCORD_SHARDS);
  if (!Number.isInteger(count)) return ['RADAR_DISCORD_SHARD_IDS: needs RADAR_DISCORD_SHARDS set to the total shard count'];
  const bad = env.RADAR_DISCORD_SHARD_IDS.split(',').map((v) => Number(v.trim())).filter((id) => !(id < count));
  return bad.length ? [`RADAR_DISCORD_SHARD_IDS: ${bad.join(', ')} not below RADAR_DISCORD_SHARDS=${count}`] : [];
}

/** Cluster mode: shared PostgreSQL state plus the BullMQ job engine on Redis. */
export const isClusterMode = (config: Config): boolean => /^postgres(ql)?:\/\//.test(config.RADAR_DB) && Boolean(config.REDIS_URL);

/** The config with secrets replaced, for logging: secret variables, and credentials inside any URL value. */
export function redactConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    out[k] = typeof v === 'string' ? maskCredentials(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? maskCredentials(x) : x)) : v;
  }
  for (const k of SECRET_KEYS) if (out[k]) out[k] = '***';
  return out;
}
