/**
 * `/radar source add|remove|list [target]`: the channel's journal feeds. `target` is a catalogue short
 * name (`nature`, `nmi`, `science`, …) or an http(s) feed URL. A custom URL is fetched once through the
 * SSRF-safe fetch and parsed before it is accepted, so a refused address, an oversized or malformed feed
 * is answered with a clear message instead of failing silently at the next ingest.
 */
import type { RadarCommand } from './command.js';
import { stringOption } from './command.js';
import { channelKey } from '../src/chat/ports.js';
import { SourceError, UserError } from '../src/errors.js';
import { JOURNAL_CATALOGUE, findCatalogueJournal } from '../src/sources/journal-catalogue.js';
import { createJournalFeedsStore, MAX_FEEDS_PER_CHANNEL } from '../src/sources/journal-feeds-store.js';
import { createJournalSource, type JournalSource } from '../src/sources/journal-source.js';
import { safeFetchFromConfig, sourcesOf } from '../src/sources/hf-journal-extension.js';
import type { RadarServices } from '../src/app/services.js';

function journalsOf(services: RadarServices): JournalSource {
  return (
    sourcesOf(services)?.journals ??
    createJournalSource({
      store: services.store,
      safeFetch: safeFetchFromConfig(services.config),
      clock: services.clock,
      logger: services.logger,
      maxBytes: services.config.RADAR_FEED_MAX_BYTES,
    })
  );
}

const REFUSALS: Readonly<Record<string, string>> = {
  unsafe_url: 'I can’t read that feed',
  too_large: 'That feed is too large',
  xml_entities: 'That feed declares XML entities, which I refuse to expand',
  xml_malformed: 'That feed is not well-formed XML',
  not_xml: 'That URL does not serve an RSS or Atom feed',
  not_feed: 'That URL does not serve an RSS or Atom feed',
  timeout: 'That feed did not answer in time',
  feed_http: 'That feed answered with an error',
  feed_network: 'I could not reach that feed',
};

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
    const journals = journalsOf(services);
    const feeds = journals.feeds;

    if (action === 'list') {
      const mine = await feeds.list(key);
      const lines = ['**Journal feeds of this channel:**'];
      if (mine.length === 0) lines.push('• none yet — `/radar source add nature` or `/radar source add <feed URL>`');
      for (const f of mine) {
        const status = await feeds.status(f.url);
        const health = status ? (status.ok ? ` — ${status.items ?? 0} item(s) at last read` : ` — ⚠️ ${status.error}`) : '';
        lines.push(`• **${f.name}**${f.key ? ` (\`${f.key}\`)` : ''}: ${f.url}${health}`);
      }
      lines.push('', '**Built-in journals** (add by short name):');
      for (const j of JOURNAL_CATALOGUE) lines.push(`• \`${j.key}\` — ${j.name}`);
      await responder.reply({ text: lines.join('\n') });
      return;
    }
    if (action !== 'add' && action !== 'remove') {
      throw new UserError('command_syntax', 'Usage: /radar source <add|remove|list> [journal or feed URL]');
    }
    if (!invocation.user.canManage) throw new UserError('forbidden', t('sub.needManager'));
    if (!target) throw new UserError('command_syntax', `Usage: /radar source ${action} <journal short name or feed URL>`);

    if (action === 'remove') {
      const removed = await feeds.remove(key, target);
      if (!removed) throw new UserError('unknown_source', `This channel does not read \`${target}\`. See \`/radar source list\`.`);
      await responder.reply({ text: `Removed journal feed **${removed.name}**.` });
      return;
    }

    const current = await feeds.list(key);
    const journal = findCatalogueJournal(target);
    if (!journal && !/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
      throw new UserError(
        'unknown_source',
        `\`${target}\` is neither a built-in journal nor a URL. Built-in: ${JOURNAL_CATALOGUE.map((j) => `\`${j.key}\``).join(', ')}.`,
      );
    }
    const url = journal?.url ?? target;
    if (!current.some((f) => f.url === url) && current.length >= MAX_FEEDS_PER_CHANNEL) {
      throw new UserError('too_many_sources', `This channel already reads ${MAX_FEEDS_PER_CHANNEL} feeds; remove one first.`);
    }
    let name = journal?.name;
    let items: number | undefined;
    if (!journal) {
      // A user-supplied URL is probed now: refused addresses and broken feeds get a clear answer.
      await responder.progress('Checking the feed…');
      try {
        const feed = await journals.readFeed(url);
        name = feed.title;
        items = feed.items.length;
      } catch (err) {
        if (err instanceof SourceError) {
          throw new UserError(err.code, `${REFUSALS[err.code] ?? 'I can’t use that feed'}: ${err.message}`);
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
    const count = items === undefined ? '' : ` (${items} item(s) in the feed now)`;
    await responder.reply({ text: `This channel now reads **${name ?? url}**${count}. New articles that match its subscriptions appear in the digest.` });
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
