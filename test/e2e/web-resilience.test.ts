/** The web server under pressure: a taken port does not stop the radar; too many requests get 429. */
import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CHANNEL, MEMBER, startWebWorld } from './helpers/web-world.js';

describe('web server resilience', () => {
  it('runs the radar without its page when the port is taken, and /radar web says so', async () => {
    const blocker: Server = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (blocker.address() as { port: number }).port;
    const world = await startWebWorld({}, { port, host: '127.0.0.1' });
    try {
      expect(world.radar.services.web).toBeUndefined();
      await world.radar.handlers.onCommand({ name: 'web', options: {}, channel: CHANNEL, user: MEMBER }, world.adapter.responder(CHANNEL));
      expect(world.adapter.sent.at(-1)?.message.text).toMatch(/not enabled/);
      expect((await world.radar.services.subscriptions.list(CHANNEL)).length).toBe(2);
    } finally {
      await world.stop();
      blocker.close();
    }
  });

  it('answers 429 past the per-minute limit, with no data', async () => {
    const world = await startWebWorld({}, { port: 0, rateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      let last = '';
      for (let i = 0; i < 4; i++) {
        const res = await fetch(world.link());
        statuses.push(res.status);
        last = await res.text();
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last).toContain('Too many requests');
      expect(last).not.toContain('mixture');
    } finally {
      await world.stop();
    }
  });
});
