/** Bolt, the Web API client and Socket Mode log through @slack/logger's interface; this routes them to pino. */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

function format(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p instanceof Error) return p.message;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ');
}

function levelOf(logger: Logger): LogLevel {
  const l = logger.level;
  if (l === 'debug' || l === 'trace') return LogLevel.DEBUG;
  if (l === 'info') return LogLevel.INFO;
  if (l === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

/** A @slack/logger-compatible view of a pino logger (level follows pino; Bolt cannot raise it). */
export function toBoltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  return {
    debug: (...m: unknown[]) => child.debug(format(m)),
    info: (...m: unknown[]) => child.info(format(m)),
    warn: (...m: unknown[]) => child.warn(format(m)),
    error: (...m: unknown[]) => child.error(format(m)),
    // Bolt calls setLevel with its own default; the operator's LOG_LEVEL wins, so this is ignored.
    setLevel: () => undefined,
    getLevel: () => levelOf(logger),
    setName: () => undefined,
  };
}
