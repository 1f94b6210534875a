/** The SSRF-safe fetch for user feed URLs, configured from `RADAR_FEED_*`, `HTTP_TIMEOUT_MS`, `RADAR_USER_AGENT`. */
import type { Config } from '../config.js';
import { createSafeFetch, type ResolveHost, type SafeFetch } from './safe-fetch.js';

export function safeFetchFromConfig(config: Config, resolve?: ResolveHost): SafeFetch {
  return createSafeFetch({
    allowHosts: config.RADAR_FEED_ALLOW_HOSTS,
    maxBytes: config.RADAR_FEED_MAX_BYTES,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    userAgent: config.RADAR_USER_AGENT,
    ...(resolve ? { resolve } : {}),
  });
}
