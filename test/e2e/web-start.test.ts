/** `npm start` in the terminal default serves the page and prints the signed link of #terminal. */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';
import { createLinkSigner } from '../../src/web/signed-link.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('npm start with the web page', () => {
  it('prints the local link for #terminal, signed for that channel', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radar-web-start-'));
    try {
      const port = await freePort();
      const secret = 'start-test-secret-0123456789';
      const res = await runCli('/radar list\n', { RADAR_DB: `sqlite://${join(dir, 'r.sqlite')}`, RADAR_WEB_PORT: String(port), RADAR_WEB_SECRET: secret, RADAR_HF: 'false' });
      expect(res.code).toBe(0);
      const m = new RegExp(`AcademicHub page for #terminal: (http://127\\.0\\.0\\.1:${port}/c/shell%3Aterminal\\?t=\\S+)`).exec(res.stdout);
      expect(m, res.stdout + res.stderr).not.toBeNull();
      const token = new URL(m![1]!).searchParams.get('t');
      expect(createLinkSigner(secret).verify(token!, 'shell:terminal', new Date())).toMatchObject({ channel: 'shell:terminal' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
