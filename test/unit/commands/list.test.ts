import { afterEach, describe, expect, it } from 'vitest';
import { channelKey } from '../../../src/chat/ports.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

let world: TestWorld;
afterEach(() => world?.stop());

describe('/radar list', () => {
  it('says how to start when there is nothing, then lists subscriptions and settings', async () => {
    world = await startTestWorld();
    expect(world.text(await world.run('list'))).toMatch(/^This channel has no subscriptions yet\./);
    await world.run('add', { query: 'author:"Francesco Orabona"' });
    const text = world.text(await world.run('list'));
    expect(text).toContain('• #1 `author:"Francesco Orabona"`');
    expect(text).toContain('Digest: 10 papers at 08:00 (UTC) every day, quiet off, language en');
    await world.run('settings', { name: 'days', value: 'mon' });
    await world.run('settings', { name: 'quiet', value: 'on' });
    expect(world.text(await world.run('list'))).toContain('Digest: 10 papers at 08:00 (UTC) on mon, quiet on, language en');
    // the world's clock reads Thursday 2026-04-30: a weekly Monday digest comes on 4 May
    expect(world.text(await world.run('list'))).toContain('Next digest: Mon 2026-05-04 at 08:00 (UTC).');
    await world.run('settings', { name: 'language', value: 'zh' });
    await world.run('settings', { name: 'days', value: 'weekdays' });
    const zh = world.text(await world.run('list'));
    expect(zh).toContain('日报：工作日 08:00（UTC），每次 10 篇，无新论文时静默 开，语言 zh，摘要 关，交叉列表 开');
    // and 关 turns it off, as the line shows it
    expect(world.text(await world.run('settings', { name: 'quiet', value: '关' }))).toBe('已更新 quiet → 关。');
    expect(world.text(await world.run('list'))).toContain('无新论文时静默 关');
    // Thursday 09:00: today's 08:00 has passed, so Friday's
    expect(zh).toContain('下一期日报：2026-05-01（周五）08:00（UTC）。');
    // before the digest time it is today's
    world.clock.set(new Date('2026-04-30T07:59:00Z'));
    expect(world.text(await world.run('list'))).toContain('下一期日报：2026-04-30（周四）08:00（UTC）。');
  });

  it('flags a stored subscription naming a category arXiv does not have (stored before categories were checked)', async () => {
    world = await startTestWorld();
    await world.radar.services.store.subscriptions.add(channelKey(world.channel), 'cat:cs.XX OR cat:astroph');
    await world.run('add', { query: 'cat:cs.LG' });
    const lines = world.text(await world.run('list')).split('\n');
    expect(lines).toContain('• #1 `cat:cs.XX OR cat:astroph` ⚠️ `cat:cs.XX`, `cat:astroph`: not an arXiv category, matches nothing — remove the subscription and add it again corrected');
    expect(lines).toContain('• #2 `cat:cs.LG`');
  });
});

