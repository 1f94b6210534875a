/**
 * Logs go to stderr (pino) so the terminal conversation on stdout stays clean. Every line passes through
 * {@link maskCredentials} before it is written: a connection string in an error message or a stack trace
 * never reaches the log with its password.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { humanStream } from './log-terminal.js';
import { maskCredentials } from './secrets.js';

export type Logger = pino.Logger;

export interface LoggerOptions {
  /** Where the JSON lines go; stderr by default. */
  readonly destination?: pino.DestinationStream;
  /**
   * An interactive terminal: JSON lines go to `file`, and warnings/errors are also written to `screen`
   * (stderr by default) as short human lines.
   */
  readonly terminal?: { readonly file: string; readonly screen?: { write(text: string): unknown } };
}

function destinationOf(level: string, options: LoggerOptions): pino.DestinationStream {
  if (options.destination) return options.destination;
  if (!options.terminal) return pino.destination(2);
  mkdirSync(dirname(options.terminal.file), { recursive: true });
  const lowest = level === 'silent' ? 'fatal' : (level as pino.Level);
  return pino.multistream([
    { level: lowest, stream: pino.destination({ dest: options.terminal.file, sync: true }) },
    { level: 'warn', stream: humanStream(options.terminal.screen ?? process.stderr) },
  ]);
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
    destinationOf(level, options),
  );
}

/** A logger that discards everything, for tests. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
