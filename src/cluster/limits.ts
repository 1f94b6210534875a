/**
 * The digest queues' rate limiters, matched to the platforms' own limits so N workers together stay inside
 * them. BullMQ's limiter counts job starts in fixed windows; one window of a whole second lets the end of
 * one window and the start of the next land in the same second of the platform (up to twice the limit).
 * So the per-second budget is cut into tenths — 50/s becomes 5 per ~100 ms — and any second then holds
 * at most the limit, with 1 % to spare for requests that leave a little late.
 */
import type { Config } from '../config.js';
import type { Platform } from '../chat/ports.js';
import type { RateLimit } from './cluster-engine.js';

/** A per-second rate as BullMQ limiter windows of about a tenth of a second. */
export function smoothLimit(perSecond: number): RateLimit {
  const max = Math.max(1, Math.floor(perSecond / 10));
  return { max, durationMs: Math.ceil(((1000 * max) / perSecond) * 1.01) };
}

/**
 * Job-start limits of the digest queues. Slack's digest queue is limited by job starts (one digest job posts
 * one message in the common case, and Slack's limits are per method and channel). Discord's global limit is
 * per request — a digest can be several messages and a thread — so Discord is paced at send time instead
 * (`platformPacing`) and its queue is left unlimited.
 */
export function platformLimits(config: Pick<Config, 'RADAR_SLACK_RATE'>): Partial<Record<Platform, RateLimit>> {
  return { slack: smoothLimit(config.RADAR_SLACK_RATE) };
}

/** Requests per second paced cluster-wide at send time, per platform (Discord: per bot token). */
export function platformPacing(config: Pick<Config, 'RADAR_DISCORD_RATE'>): Partial<Record<Platform, number>> {
  return { discord: config.RADAR_DISCORD_RATE };
}
