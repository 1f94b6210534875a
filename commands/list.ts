import type { RadarCommand } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { unknownCategoriesOf } from '../src/radar/query-categories.js';
import { topicLeavesOf } from '../src/topics/topic-matching.js';
import { nextDigestText } from '../src/digest/next-digest.js';
import { channelToday } from '../src/digest/setting-values.js';
import { daysPhrase, shownSettings } from './settings.js';

export const listCommand: RadarCommand = {
  spec: {
    name: 'list',
    description: 'Show this channel’s subscriptions and digest settings',
    usage: '/radar list',
    options: [],
  },
  async execute({ invocation, responder, services, t, settings: known }) {
    const key = channelKey(invocation.channel);
    const [subs, settings, state, watchers] = await Promise.all([
      services.subscriptions.list(invocation.channel),
      known ?? services.store.channels.getSettings(key), // read for the language already
      services.store.channels.getStatus(key),
      services.store.watchers.list(key),
    ]);
    const lines: string[] = [];
    if (state.deliveryProblem) lines.push(t('list.problem', { problem: state.deliveryProblem }));
    if (subs.length === 0) lines.push(t('sub.none'));
    else {
      const lexical = services.topics?.mode === 'lexical';
      const unknown = (query: string) => {
        const cats = unknownCategoriesOf(query);
        return cats.length > 0 ? ` ${t('sub.unknownCategory', { categories: cats.map((c) => `\`${c}\``).join(', ') })}` : '';
      };
      const label = (query: string) => (lexical && topicLeavesOf([query]).length > 0 ? ` ${t('topic.listLexical')}` : '') + unknown(query);
      const watched = (number: number) => (watchers.has(number) ? ` ${t('list.watchers', { count: watchers.get(number)!.length })}` : '');
      lines.push(t('sub.header'), ...subs.map((s) => `• #${s.number} \`${s.query}\`${label(s.query)}${watched(s.number)}`));
    }
    lines.push(
      t('list.settings', { ...shownSettings(settings, channelToday(settings, services.clock.now())), days: daysPhrase(settings.days, t) }),
    );
    if (subs.length > 0) lines.push(nextDigestText(settings, state.lastScheduledDay, services.clock.now(), t));
    await responder.reply({ text: lines.join('\n') });
  },
};
