/**
 * `/radar watch [<id> [off]]`: be named under each digest in which subscription `id` brings papers — one line
 * per digest naming each watcher with their cards, so a shared lab channel pings the person who cares and
 * nobody else. Anyone in the channel may watch; without an id it lists what the caller watches.
 */
import type { RadarCommand } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { OFF_WORDS } from '../src/chat/on-off-words.js';
import { UserError } from '../src/errors.js';
import type { Subscription } from '../src/radar/subscription.js';
import type { Translate } from '../src/i18n/messages.js';
import { MAX_WATCHERS_PER_SUBSCRIPTION, type WatchOutcome } from '../src/store/watcher-port.js';
import { subscriptionCompletions } from './subscription-completions.js';

const OFF = [...OFF_WORDS, 'stop', '取消'];

export const watchCommand: RadarCommand = {
  spec: {
    name: 'watch',
    description: 'Be named under each digest in which one of this channel’s subscriptions brings papers',
    usage: '/radar watch [<id> [off]]',
    examples: ['/radar watch 3', '/radar watch 3 off', '/radar watch'],
    options: [
      { name: 'id', description: 'Subscription number from /radar list (omit to list yours)', type: 'integer', autocomplete: true },
      { name: 'off', description: 'off: stop being named', type: 'string', choices: [{ name: 'off', value: 'off' }] },
    ],
  },
  async execute({ invocation, responder, services, t }) {
    const key = channelKey(invocation.channel);
    const userId = invocation.user.id;
    const subs = await services.subscriptions.list(invocation.channel);
    const raw = invocation.options.id;
    if (raw === undefined || raw === '') {
      const watched = await services.store.watchers.list(key);
      const mine = subs.filter((s) => watched.get(s.number)?.includes(userId));
      const list = mine.map((s) => `#${s.number} \`${s.query}\``).join(', ');
      await responder.reply({ text: mine.length ? t('watch.list', { list }) : t('watch.none'), ephemeral: true });
      return;
    }
    const number = Number(raw);
    const off = invocation.options.off;
    if (!Number.isInteger(number) || (off !== undefined && !OFF.includes(String(off).toLowerCase()))) throw new UserError('command_syntax', 'watch.usage');
    const sub = subs.find((s) => s.number === number);
    if (off !== undefined) {
      const stopped = await services.store.watchers.unwatch(key, number, userId);
      await responder.reply({ text: stopped && sub ? t('watch.removed', { number, query: sub.query }) : t('watch.notWatching', { number }), ephemeral: true });
      return;
    }
    await responder.reply({ text: watchReply(await services.store.watchers.watch(key, number, userId), number, sub, t), ephemeral: true });
  },
  autocomplete: (request, services) => subscriptionCompletions(request.channel, request.partial, services),
};

function watchReply(outcome: WatchOutcome, number: number, sub: Subscription | undefined, t: Translate): string {
  // the store decided against the subscriptions as they are now: one removed since `list` is unknown
  if (outcome === 'unknown_subscription' || !sub) throw new UserError('unknown_subscription', 'sub.unknown', { number });
  if (outcome === 'full') return t('watch.full', { number, limit: MAX_WATCHERS_PER_SUBSCRIPTION });
  return t(outcome === 'already' ? 'watch.already' : 'watch.added', { number, query: sub.query });
}
