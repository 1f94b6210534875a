import { afterEach, describe, expect, it } from 'vitest';
import { parseCommandText } from '../../../src/chat/parse-command-text.js';
import { EXPORT_LINE_LIMIT } from '../../../src/app/import-text.js';
import { commandSpecs } from '../../../commands/index.js';
import { manager, shellChannel } from '../../fakes/recording.js';
import { startTestWorld, type TestWorld } from '../../fakes/world.js';

const worlds: TestWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
});

const start = async (channel?: string) => {
  const w = await startTestWorld(channel ? { channel: shellChannel(channel) } : {});
  worlds.push(w);
  return w;
};

/** The `/radar …` lines inside an export's code blocks. */
const commandLines = (text: string) => text.split('\n').filter((l) => l.startsWith('/radar '));

describe('/radar export', () => {
  it('says there is nothing to export in a channel without subscriptions', async () => {
    const w = await start();
    expect(w.text(await w.run('export'))).toMatch(/^This channel has no subscriptions yet\./);
  });

  it('gives a line that /radar import turns into the same subscriptions in another channel', async () => {
    const a = await start();
    const queries = ['cat:cs.LG', 'author:"Yinmin Zhong"', '"mixture of experts" -survey', '(MoE OR "mixture-of-experts") AND cat:cs.CL', 'title:"a; b"', 'x;y'];
    for (const query of queries) await a.run('add', { query });
    await a.run('remove', { id: 1 });
    const text = a.text(await a.run('export'));
    expect(text).toContain('To copy these 5 subscriptions to another channel, run this there:');
    const lines = commandLines(text);
    // `x;y` is one query to the parser: an import would split it, so it gets an add of its own
    expect(lines).toEqual(['/radar import author:"Yinmin Zhong"; "mixture of experts" -survey; (MoE OR "mixture-of-experts") AND cat:cs.CL; title:"a; b"', '/radar add x;y']);
    const b = await start('other');
    for (const line of lines) {
      const parsed = parseCommandText(line, commandSpecs);
      await b.run(parsed.name, parsed.options as Record<string, string>);
    }
    const copied = (await b.radar.services.subscriptions.list(b.channel)).map((s) => s.query);
    expect(copied).toEqual(queries.slice(1));
  });

  it('adds the settings the channel changed, as commands that set them in another channel', async () => {
    const a = await start();
    await a.run('add', { query: 'cat:cs.LG' });
    expect(commandLines(a.text(await a.run('export')))).toEqual(['/radar import cat:cs.LG']); // nothing changed yet
    await a.run('settings', { name: 'days', value: 'mon,thu' });
    await a.run('settings', { name: 'quiet', value: 'on' });
    await a.run('settings', { name: 'size', value: '5' });
    await a.run('settings', { name: 'timezone', value: 'Asia/Shanghai' });
    const text = a.text(await a.run('export'));
    expect(text).toContain('And the digest settings this channel changed:');
    const lines = commandLines(text);
    expect(lines.filter((l) => l.startsWith('/radar settings')).sort()).toEqual(
      ['/radar settings days mon,thu', '/radar settings quiet on', '/radar settings size 5', '/radar settings timezone Asia/Shanghai'],
    );
    const b = await start('other');
    for (const line of lines) {
      const parsed = parseCommandText(line, commandSpecs);
      await b.run(parsed.name, parsed.options as Record<string, string>);
    }
    const key = (w: TestWorld) => `${w.channel.platform}:${w.channel.id}`;
    expect(await b.radar.services.settings.get(key(b))).toEqual(await a.radar.services.settings.get(key(a)));
  });

  it('splits a long list into lines that each fit a chat message, sent one per message', async () => {
    const w = await start();
    const queries = Array.from({ length: 120 }, (_, i) => `"long phrase number ${i} about something"`);
    await w.radar.services.subscriptions.addMany(w.channel, queries, manager);
    const r = await w.run('export');
    expect(r.replies.length).toBeGreaterThan(1);
    for (const reply of r.replies) expect(reply.text!.length).toBeLessThanOrEqual(2000);
    const lines = commandLines(w.text(r));
    expect(lines.length).toBe(r.replies.length);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(EXPORT_LINE_LIMIT);
    const back = lines.flatMap((l) => String(parseCommandText(l, commandSpecs).options.queries).split('; '));
    expect(back).toEqual(queries);
  });
});
