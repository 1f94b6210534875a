/**
 * Logs go to stderr (pino) so the terminal conversation on stdout stays clean. Every line passes through
 * {@link maskCredentials} before it is written: a connection string in an error message or a stack trace
 * never reaches the log with its password.
 */
import pino from 'pino';
import { maskCredentials } from './secrets.js';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Where the JSON lines go; stderr by default. */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', options: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['token', '*.token', 'apiKey', '*.apiKey', 'authorization', '*.authorization', 'headers.authorization'],
        censor: '***',
      },
      hooks: { streamWrite: maskCredentials },
    },
    options.destination ?? pino.destination(2),
  );
}

/** A logger that discards everything, for tests. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
