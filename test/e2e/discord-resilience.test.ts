/**
 * Resilience on Discord, through the real client: a scheduled digest fires at the channel's time and is
 * posted (over REST) while the gateway is reconnecting, exactly once; events sent during the outage are
 * replayed on RESUME; a 429 is waited out by discord.js; a missing permission is recorded and shown once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelPosts, LISTING_DAY, moePapers, startDiscordHarness, type DiscordHarness } from './discord-harness.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const postedCardIds = (h: DiscordHarness): string[] =>
  channelPosts(h)
    .filter((c) => c.status === 200)
    .flatMap((c) => (c.body.embeds ?? []).map((e: Json) => String(e.footer.text).split(' · ').pop()));

describe('discord: scheduled digest across a gateway reconnect', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ papers: moePapers(4, 2) });
    await h.command('add', { query: '"mixture of experts"' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('does not fire before the channel time', async () => {
    await h.radar.runDueSchedules(); // 07:00 UTC; the default digest time is 08:00
    expect(postedCardIds(h)).toEqual([]);
  });

  it('posts the digest while the gateway is down, resumes, and replays what was sent meanwhile', async () => {
    const gw = h.discord.gateway;
    const side = h.discord.rest.handle({ method: 'POST', path: `/channels/${h.discord.world.channelId}/threads`, query: new URLSearchParams(), body: { name: 'side talk' } });
    const threadId = (side.body as Json).id as string;
    gw.holdResume(true);
    const resumes = gw.received.filter((f) => f.op === 6).length;
    gw.forceClose(4000);
    await gw.waitForOp(6, resumes + 1); // the client is now parked in RESUME
    expect(gw.connected).toBe(false);

    h.clock.set(`${LISTING_DAY}T08:01:00Z`);
    await h.radar.runDueSchedules();
    expect([...postedCardIds(h)].sort()).toEqual(moePapers(4, 0).map((p) => `arxiv:${p.id}`).sort());

    h.discord.mention(threadId, 'anyone there?'); // sent while the socket is down
    const answered = h.discord.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`);
    const resumed = new Promise<void>((resolve) => h.adapter.client.once('shardResume', () => resolve()));
    gw.releaseResume();
    await resumed;
    expect(gw.received.filter((f) => f.op === 2)).toHaveLength(1); // resumed, never re-identified
    expect((await answered).status).toBe(200); // the replayed mention got its answer in the thread
    await h.adapter.idle();
  });

  it('does not post the same scheduled digest twice after the reconnect', async () => {
    const before = channelPosts(h).length;
    await h.radar.runDueSchedules();
    h.clock.set(`${LISTING_DAY}T09:30:00Z`);
    await h.radar.runDueSchedules();
    await h.adapter.idle();
    expect(channelPosts(h)).toHaveLength(before);
  });

  it('still answers commands after the resume', async () => {
    const a = await h.command('list');
    expect(JSON.stringify(a.bodies)).toContain('mixture of experts');
  });
});

describe('discord: 429 and missing permissions on message create', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await startDiscordHarness({ papers: moePapers(3, 1) });
    await h.command('add', { query: '"mixture of experts"' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records a missing permission (50013) on the channel and shows it in /radar list', async () => {
    h.discord.injectError({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 403, code: 50013, message: 'Missing Permissions' });
    h.clock.set(`${LISTING_DAY}T08:01:00Z`);
    await h.radar.runDueSchedules();
    const refused = channelPosts(h).filter((c) => c.status === 403);
    expect(refused).toHaveLength(1);
    const state = await h.radar.services.store.channels.getState(`discord:${h.discord.world.channelId}`);
    expect(state.deliveryProblem).toMatch(/missing permission Send Messages \/ Embed Links/);
    const list = await h.command('list');
    expect(JSON.stringify(list.bodies)).toContain('missing permission');
  });

  it('waits out a 429 on message create (retry-after) and completes the digest', async () => {
    h.discord.inject429({ method: 'POST', path: /^\/channels\/\d+\/messages$/, retryAfterSeconds: 1 });
    await h.radar.services.digests.digestNow({ platform: 'discord', id: h.discord.world.channelId }, (m) =>
      h.radar.services.chat.post({ platform: 'discord', id: h.discord.world.channelId }, m),
    );
    const posts = channelPosts(h);
    const limited = posts.findIndex((c) => c.status === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    const retried = posts.slice(limited + 1).find((c) => c.status === 200);
    expect(retried?.body).toEqual(posts[limited]!.body); // the same message, sent again
    expect([...postedCardIds(h)].sort()).toEqual(moePapers(3, 0).map((p) => `arxiv:${p.id}`).sort());
    const state = await h.radar.services.store.channels.getState(`discord:${h.discord.world.channelId}`);
    expect(state.deliveryProblem).toBeUndefined(); // a later success clears the recorded problem
  });
});
