/**
 * The Scheduler port: one daily job per channel at its local time. The node-cron implementation runs in
 * production; the manual one fires due jobs when a test (with a fake clock) asks, through the same
 * registration path. Jobs must be idempotent per local day — the digest service records the day it ran,
 * so a reconnect, a restart or a catch-up never posts twice.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { isDailyJobDue, localParts } from './local-time.js';

/** Receives the instant it was fired for, so a slow start cannot make it act for another day. */
export type DailyJob = (firedAt: Date) => Promise<void>;

export interface Scheduler {
  /** (Re)schedules `key` daily at `time` (HH:MM) in `timezone`. Resolves once the schedule is stored. */
  scheduleDaily(key: string, time: string, timezone: string, job: DailyJob): void | Promise<void>;
  cancel(key: string): void | Promise<void>;
  /** Runs every job whose time has passed today but has not run today (start-up catch-up, tests). */
  runDue(): Promise<void>;
  stop(): void;
}

interface Entry {
  time: string;
  timezone: string;
  job: DailyJob;
  lastDay?: string;
}

abstract class BaseScheduler implements Scheduler {
  protected readonly entries = new Map<string, Entry>();

  constructor(
    protected readonly clock: Clock,
    protected readonly logger: Logger,
  ) {}

  scheduleDaily(key: string, time: string, timezone: string, job: DailyJob): void {
    const previous = this.entries.get(key);
    this.cancel(key);
    this.entries.set(key, { time, timezone, job, lastDay: previous?.lastDay });
    this.arm(key, time, timezone);
  }

  cancel(key: string): void {
    this.disarm(key);
    this.entries.delete(key);
  }

  async runDue(): Promise<void> {
    const now = this.clock.now();
    for (const [key, entry] of [...this.entries]) {
      if (isDailyJobDue(now, entry.time, entry.timezone, entry.lastDay)) await this.fire(key, entry);
    }
  }

  protected async fire(key: string, entry: Entry): Promise<void> {
    const firedAt = this.clock.now();
    entry.lastDay = localParts(firedAt, entry.timezone).day;
    try {
      await entry.job(firedAt);
    } catch (err) {
      this.logger.error({ err, job: key }, 'scheduled job failed');
    }
  }

  stop(): void {
    for (const key of [...this.entries.keys()]) this.disarm(key);
  }

  protected abstract arm(key: string, time: string, timezone: string): void;
  protected abstract disarm(key: string): void;
}

class CronScheduler extends BaseScheduler {
  private readonly tasks = new Map<string, ScheduledTask>();

  protected arm(key: string, time: string, timezone: string): void {
    const [hh, mm] = time.split(':').map(Number);
    const task = cron.schedule(
      `${mm} ${hh} * * *`,
      async () => {
        const entry = this.entries.get(key);
        if (entry) await this.fire(key, entry);
      },
      { timezone, name: `digest:${key}`, noOverlap: true },
    );
    this.tasks.set(key, task);
  }

  protected disarm(key: string): void {
    void this.tasks.get(key)?.destroy();
    this.tasks.delete(key);
  }
}

class ManualScheduler extends BaseScheduler {
  protected arm(): void {}
  protected disarm(): void {}
}

/** node-cron: one cron task per channel, `MM HH * * *` in the channel's time zone. */
export const createCronScheduler = (clock: Clock, logger: Logger): Scheduler => new CronScheduler(clock, logger);

/** Fires only on `runDue()`: for tests with a fake clock and for scripted runs. */
export const createManualScheduler = (clock: Clock, logger: Logger): Scheduler => new ManualScheduler(clock, logger);
