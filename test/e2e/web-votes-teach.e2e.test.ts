/**
 * With the feedback capability on, a 👍/👎 on the web page is the channel's vote like a button press: it is
 * in the channel's votes under the same voter id, it counts for a paper that was listed but never posted,
 * a later chat vote by the same member replaces it, and the page shows it as the member's vote.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, MEMBER, startWebWorld, type WebWorld } from './helpers/web-world.js';
import { channelKey } from '../../src/chat/ports.js';

let world: WebWorld;
beforeAll(async () => {
  world = await startWebWorld({}, { port: 0 }, { feedback: {} });
});
afterAll(() => world?.stop());

const tokenOf = (link: string): string => new URL(link).searchParams.get('t')!;
const post = (url: string, form: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(form), redirect: 'manual', headers: { accept: 'application/json' } });

describe('web votes teach the radar', () => {
  it('records a page vote as the channel vote of the member the link was given to', async () => {
    const key = channelKey(CHANNEL);
    const feedback = world.radar.services.feedback!;
    const link = world.link();
    const res = await post(`${world.base}/c/${encodeURIComponent(key)}/vote`, { t: tokenOf(link), paper: 'arxiv:2604.10001', value: 'up' });
    expect(res.status).toBe(200);
    expect(await world.radar.services.store.ledger.has(key, 'arxiv:2604.10001')).toBe(false); // listed, never posted
    expect((await feedback.votes(key)).map((v) => [v.paperId, v.voterId, v.value])).toEqual([['arxiv:2604.10001', MEMBER.id, 1]]);

    await feedback.vote(key, 'arxiv:2604.10001', MEMBER.id, -1, { shownToChannel: true }); // the same member, from chat
    expect((await feedback.votes(key)).map((v) => v.value)).toEqual([-1]);
    const page = await (await fetch(link)).text();
    expect(page).toMatch(/value="down" aria-pressed="true"/);
    expect(page).not.toMatch(/value="up" aria-pressed="true"/);
  });
});
