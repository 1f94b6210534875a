/**
 * `npm run demo`: the whole pipeline offline. A bundled real arXiv listing (28 Nov 2024) is served on a
 * loopback port, fetched by the real arXiv source, stored in a throwaway SQLite file, matched against two
 * sample subscriptions and printed as a digest by the terminal adapter. Exits 0.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createShellAdapter } from '../adapters/shell/index.js';
import { defaultCapabilities, startRadar } from '../src/app/start-radar.js';
import { allCommands } from '../commands/index.js';
import { silentLogger } from '../src/logger.js';

const listing = readFileSync(new URL('../samples/arxiv-listing-2024-11-28.xml', import.meta.url));
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
  res.end(listing);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = (server.address() as AddressInfo).port;
const dir = mkdtempSync(join(tmpdir(), 'radar-demo-'));

const script = [
  '/radar add cat:cs.LG OR cat:stat.ML OR "neural network"',
  '/radar add cat:quant-ph OR quantum',
  '/radar list',
  '/radar digest',
].join('\n');
process.stdout.write(`AcademicHub demo — a real arXiv listing of 28 Nov 2024, two subscriptions:\n\n${script}\n\n`);

let done!: () => void;
const finished = new Promise<void>((resolve) => (done = resolve));
const radar = await startRadar({
  env: {
    RADAR_DB: `sqlite://${join(dir, 'demo.sqlite')}`,
    ARXIV_RSS_URL: `http://127.0.0.1:${port}/rss`,
    ARXIV_MIN_INTERVAL_MS: '0',
    RADAR_CATEGORIES: 'cs.LG,quant-ph',
    RADAR_DIGEST_SIZE: '8',
    LOG_LEVEL: 'silent',
    RADAR_HF: 'false',
  },
  logger: silentLogger(),
  clock: { now: () => new Date('2024-11-28T14:00:00Z') },
  scheduler: 'manual',
  catchUp: false,
  commands: allCommands,
  // A throwaway run: no web page (it would take the page's port).
  capabilities: { ...defaultCapabilities(), web: false },
  adapters: [
    createShellAdapter({ input: Readable.from([script]), output: process.stdout, channelName: 'demo', interactive: false, onEnd: () => done() }),
  ],
});
await finished;
await radar.stop();
server.close();
rmSync(dir, { recursive: true, force: true });
