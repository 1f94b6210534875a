/**
 * Operator views of the job engine (`npm run ops -- jobs`): counts per queue, the last failures with their
 * errors, and retrying the failed set. Opens its own short-lived connection.
 */
import { Queue } from 'bullmq';
import { allQueueNames } from '../schedule/bullmq-queues.js';
import { assertRedisReachable, createBullConnection } from './redis.js';

export interface FailedJob {
  readonly id: string;
  readonly name: string;
  readonly attemptsMade: number;
  readonly failedReason: string;
  readonly finishedOn?: number;
}

export interface QueueReport {
  readonly queue: string;
  readonly counts: Readonly<Record<string, number>>;
  /** The latest failures, newest first. */
  readonly failed: readonly FailedJob[];
}

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

async function withQueues<T>(redisUrl: string, prefix: string, names: readonly string[], run: (queues: Queue[]) => Promise<T>): Promise<T> {
  await assertRedisReachable(redisUrl);
  const connection = createBullConnection(redisUrl);
  const queues = names.map((n) => new Queue(n, { connection, prefix }));
  try {
    return await run(queues);
  } finally {
    await Promise.allSettled(queues.map((q) => q.close()));
    connection.disconnect();
  }
}

export function jobsReport(redisUrl: string, prefix: string, lastErrors = 5): Promise<QueueReport[]> {
  return withQueues(redisUrl, prefix, allQueueNames(), (queues) =>
    Promise.all(
      queues.map(async (q) => {
        const counts = await q.getJobCounts(...STATES);
        const failed = (await q.getFailed(0, lastErrors - 1)).map((j) => ({
          id: String(j.id), name: j.name, attemptsMade: j.attemptsMade, failedReason: j.failedReason ?? '', finishedOn: j.finishedOn,
        }));
        return { queue: q.name, counts, failed };
      }),
    ),
  );
}

/** Moves every failed job of `queue` (all queues when absent) back to waiting; returns how many. */
export function retryFailed(redisUrl: string, prefix: string, queue?: string): Promise<number> {
  const names = queue ? [queue] : allQueueNames();
  return withQueues(redisUrl, prefix, names, async (queues) => {
    let n = 0;
    for (const q of queues) {
      n += (await q.getJobCounts('failed')).failed ?? 0;
      await q.retryJobs({ state: 'failed' });
    }
    return n;
  });
}

export function formatReport(reports: readonly QueueReport[]): string {
  const lines = [`${'queue'.padEnd(16)}${STATES.map((s) => s.padStart(12)).join('')}`];
  for (const r of reports) lines.push(`${r.queue.padEnd(16)}${STATES.map((s) => String(r.counts[s] ?? 0).padStart(12)).join('')}`);
  const failures = reports.flatMap((r) => r.failed.map((f) => ({ ...f, queue: r.queue })));
  if (failures.length > 0) {
    lines.push('', 'last failures:');
    for (const f of failures) {
      const when = f.finishedOn ? new Date(f.finishedOn).toISOString() : '?';
      lines.push(`  ${f.queue} ${f.id} (${f.attemptsMade} attempts, ${when}): ${f.failedReason}`);
    }
    lines.push('', 'retry them with: npm run ops -- jobs retry [queue]');
  }
  return lines.join('\n');
}
