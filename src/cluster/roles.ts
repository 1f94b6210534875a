/**
 * What one process of a cluster does (`RADAR_ROLES`, default all three):
 * - gateway: holds the Discord gateway shards / Slack sockets and answers interactions;
 * - worker: runs jobs (digests, ingest) and posts over the platforms' REST APIs;
 * - scheduler: keeps one BullMQ job scheduler per channel and enqueues start-up catch-up digests.
 */
export const ROLES = ['gateway', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

export function hasRole(roles: readonly string[], role: Role): boolean {
  return roles.includes(role);
}
