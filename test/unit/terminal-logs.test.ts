/** At an interactive terminal: JSON logs go to a file, warnings show as short human lines, retries as progress. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createPoliteHttpClient } from '../../src/sources/http-client.js';

const dir = mkdtempSync(join(tmpdir(), 'radar-logs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function terminal(name: string) {
  const lines: string[] = [];
  const file = join(dir, name, 'radar.log');
  const logger = createLogger('info', { terminal: { file, screen: { write: (t: string) => lines.push(t) } } });
  return { logger, lines, file: () => readFileSync(file, 'utf8') };
}

describe('terminal logging', () => {
  it('info stays in the file; warnings and errors also appear as one short line, credentials masked', () => {
    const t = terminal('a');
    t.logger.info({ papers: 12 }, 'ingest finished');
    t.logger.warn({ progress: { key: 'progress.retry', vars: { what: 'arXiv', attempt: 2, of: 4, seconds: 3 } } }, 'retrying HTTP GET');
    t.logger.error({ err: new Error('connect ECONNREFUSED postgres://radar:pw@db/radar') }, 'store failed');
    expect(t.lines).toEqual(['⚠ fetching arXiv — retry 2/4 in 3 s\n', '✖ store failed: connect ECONNREFUSED postgres://radar:***@db/radar\n']);
    const logged = t.file().trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(logged.map((l) => l.msg)).toEqual(['ingest finished', 'retrying HTTP GET', 'store failed']);
    expect(t.file()).not.toContain(':pw@');
    for (const line of t.lines) expect(line).not.toContain('{');
  });

  it('an HTTP retry shows as a progress line from the catalogue', async () => {
    const t = terminal('b');
    let calls = 0;
    const http = createPoliteHttpClient({
      minIntervalMs: 0,
      timeoutMs: 5000,
      retries: 4,
      userAgent: 'test',
      baseBackoffMs: 3000,
      maxBackoffMs: 3000,
      random: () => 0.5,
      sleep: async () => {},
      logger: t.logger,
      fetch: async () => (++calls < 3 ? new Response('busy', { status: 503 }) : new Response('<ok/>', { status: 200 })),
    });
    await http.get('https://export.arxiv.org/api/query?id_list=1');
    expect(t.lines).toHaveLength(2);
    expect(t.lines[0]).toMatch(/^⚠ fetching arXiv — retry 1\/4 in \d+ s\n$/);
    expect(t.lines[1]).toMatch(/^⚠ fetching arXiv — retry 2\/4 in \d+ s\n$/);
  });
});
