/** Logs go to stderr (pino) so the terminal conversation on stdout stays clean. */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization'],
        censor: '***',
      },
    },
    pino.destination(2),
  );
}

/** A logger that discards everything, for tests. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
