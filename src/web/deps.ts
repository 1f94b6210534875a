/** What the web server needs from the radar, handed over by the composition root (nothing global). */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ChannelRef } from '../chat/ports.js';
import type { RadarStore } from '../store/ports.js';
import type { DigestWindow, SettingsService, SubscriptionService } from '../services.js';
import type { FeedbackSink } from './feedback-sink.js';
import type { LinkSigner } from './signed-link.js';
import type { RadarMetrics } from './metrics.js';

export interface HealthReport {
  readonly ok: boolean;
  readonly store: 'ok' | 'error';
  /** ISO instant of the last finished ingest, if any since start. */
  readonly lastIngestAt?: string;
  readonly adapters: readonly { platform: string; connected: boolean }[];
}

export interface WebDeps {
  readonly store: RadarStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The channel's digest window, ranked as digests rank it (all matches, posted or not). */
  browse(channel: ChannelRef, days?: readonly string[]): Promise<DigestWindow>;
  readonly subscriptions: SubscriptionService;
  /** Channel settings (a manager link's settings form); a new time or zone reschedules the digest. */
  readonly settings: SettingsService;
  readonly signer: LinkSigner;
  readonly feedback: FeedbackSink;
  readonly metrics: RadarMetrics;
  health(): Promise<HealthReport>;
  /** `/metrics` needs `Authorization: Bearer <token>`; without a token the path is not served. */
  readonly metricsToken?: string;
  /** `RADAR_WEB_URL`: the public base of the links (a feed's self link); absent = the address asked. */
  readonly publicUrl?: string;
  /** Requests per minute per client address (default 300). */
  readonly rateLimitPerMinute?: number;
}
