/**
 * The platforms' request budgets in cluster mode. Both are paced at send time across every process
 * (`request-pacer.ts`), not by limiting digest job starts: a digest job does its store work before it
 * posts, so jobs that start evenly post unevenly, and one digest may be several messages.
 *
 * - Discord: `RADAR_DISCORD_RATE` requests/s per bot token (Discord's global limit is 50/s), every REST
 *   request but interaction answers.
 * - Slack: `RADAR_SLACK_RATE` chat.postMessage calls/s for the app; Slack's ~1 message/s per channel holds
 *   because a channel gets one digest message at a time.
 */
import type { Config } from '../config.js';
import type { Platform } from '../chat/ports.js';

/** Requests per second paced cluster-wide at send time, per platform. */
export function platformPacing(config: Pick<Config, 'RADAR_DISCORD_RATE' | 'RADAR_SLACK_RATE'>): Partial<Record<Platform, number>> {
  return { discord: config.RADAR_DISCORD_RATE, slack: config.RADAR_SLACK_RATE };
}
