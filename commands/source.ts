/**
 * `/radar source add|remove|list [target]`: the channel's journal feeds. `target` is a catalogue short
 * name (`nature`, `nmi`, `science`, …) or an http(s) feed URL. A custom URL is fetched once through the
 * SSRF-safe fetch and parsed before it is accepted, so a refused address, an oversized or malformed feed
 * is answered with a clear message instead of failing silently at the next ingest.
 */
import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { capabilityOff, SourceError, UserError } from '../src/errors.js';
import { JOURNAL_CATALOGUE, findCatalogueJournal } from '../src/sources/journal-catalogue.js';
import { createJournalFeedsStore, MAX_FEEDS_PER_CHANNEL } from '../src/sources/journal-feeds-store.js';
import type { MessageKey } from '../src/i18n/messages.js';
const REFUSAL_CODES = new Set(['unsafe_url', 'too_large', 'xml_entities', 'xml_malformed', 'not_feed', 'timeout', 'feed_http', 'feed_network']);

/** The catalogue key that words a feed refusal (`not_xml` reads as `not_feed`). */
function refusalKey(code: string): MessageKey {
  const c = code === 'not_xml' ? 'not_feed' : code;
  return (REFUSAL_CODES.has(c) ? `source.refusal.${c}` : 'source.refusal.other') as MessageKey;
}

export const sourceCommand: RadarCommand = {
  spec: {
    name: 'source',
    description: 'Journal feeds of this channel: add or remove a journal (nature, science, …) or an RSS URL',
    usage: '/radar source <add|remove|list> [journal or feed URL]',
    examples: ['/radar source add nature', '/radar source add https://example.org/toc.rss', '/radar source remove nature', '/radar source list'],
    slow: true,
    options: [
      {
        name: 'action',
        description: 'add, remove or list',
        type: 'string',
        required: true,
        choices: [
          { name: 'add', value: 'add' },
          { name: 'remove', value: 'remove' },
          { name: 'list', value: 'list' },
        ],
      },
      { name: 'target', description: 'Journal short name (nature, nmi, science…) or feed URL', type: 'string', autocomplete: true },
    ],
  },

  async execute({ invocation, responder, services, t }) {
    const action = (stringOption(invocation, 'action') ?? 'list').toLowerCase();
    const target = stringOption(invocation, 'target');
    const key = channelKey(invocation.channel);
    const journals = services.journals;
    if (!journals) throw capabilityOff('journals');
    const feeds = journals.feeds;

    if (action === 'list') {
      const mine = await feeds.list(key);
      const lines = [t('source.listHeader')];
      if (mine.length === 0) lines.push(t('source.listNone'));
      for (const f of mine) {
        const status = await feeds.status(f.url);
        const health = status ? (status.ok ? t('source.itemsAtLastRead', { items: status.items ?? 0 }) : ` — ⚠️ ${status.error}`) : '';
        lines.push(`• **${f.name}**${f.key ? ` (\`${f.key}\`)` : ''}: ${f.url}${health}`);
      }
      lines.push('', t('source.builtinHeader'));
      for (const j of JOURNAL_CATALOGUE) lines.push(`• \`${j.key}\` — ${j.name}`);
      await responder.reply({ text: lines.join('\n') });
      return;
    }
    if (action !== 'add' && action !== 'remove') {
      throw new UserError('command_syntax', 'source.usage');
    }
    if (!invocation.user.canManage) throw new UserError('forbidden', 'sub.needManager');
    if (!target) throw new UserError('command_syntax', 'source.usageTarget', { action });

    if (action === 'remove') {
      const removed = await feeds.remove(key, target);
      if (!removed) throw new UserError('unknown_source', 'source.notRead', { target });
      await responder.reply({ text: t('source.removed', { name: removed.name }) });
      return;
    }

    const current = await feeds.list(key);
    const journal = findCatalogueJournal(target);
    if (!journal && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      throw new UserError('unknown_source', 'source.unknown', { target, builtin: JOURNAL_CATALOGUE.map((j) => `\`${j.key}\``).join(', ') });
    }
    const url = journal?.url ?? target;
    if (!current.some((f) => f.url === url) && current.length >= MAX_FEEDS_PER_CHANNEL) {
      throw new UserError('too_many_sources', 'source.tooMany', { limit: MAX_FEEDS_PER_CHANNEL });
    }
    let name = journal?.name;
    let items: number | undefined;
    if (!journal) {
      // A user-supplied URL is probed now: refused addresses and broken feeds get a clear answer.
      await responder.progress(t('source.checking'));
      try {
        const feed = await journals.readFeed(url);
        name = feed.title;
        items = feed.items.length;
      } catch (err) {
        if (err instanceof SourceError) {
          services.logger.info({ err, url }, 'feed refused');
          throw new UserError(err.code, refusalKey(err.code));
        }
        throw err;
      }
    }
    await feeds.add(key, {
      url,
      name: name ?? url,
      ...(journal ? { key: journal.key } : {}),
      addedAt: services.clock.now().toISOString(),
      addedBy: invocation.user.id,
    });
    const count = items === undefined ? '' : t('source.addedCount', { items });
    await responder.reply({ text: t('source.added', { name: name ?? url, count }) });
  },

  async autocomplete(request, services) {
    const q = request.partial.toLowerCase();
    const mine = await createJournalFeedsStore(services.store).list(channelKey(request.channel));
    const options = [
      ...mine.map((f) => ({ name: `${f.name} (added)`.slice(0, 100), value: f.key ?? f.url })),
      ...JOURNAL_CATALOGUE.map((j) => ({ name: `${j.key} — ${j.name}`.slice(0, 100), value: j.key })),
    ];
    return options.filter((o) => !q || o.name.toLowerCase().includes(q) || o.value.toLowerCase().includes(q)).slice(0, 25);
  },
};
