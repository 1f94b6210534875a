import type { RadarCommand } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { UserError } from '../src/errors.js';

export const removeCommand: RadarCommand = {
  spec: {
    name: 'remove',
    description: 'Remove one of this channel’s subscriptions by its number',
    usage: '/radar remove <id>',
    examples: ['/radar remove 3'],
    requiresManager: true,
    options: [{ name: 'id', description: 'Subscription number from /radar list', type: 'integer', required: true, autocomplete: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const id = Number(invocation.options.id);
    if (!Number.isInteger(id)) throw new UserError('command_syntax', 'cmd.removeUsage');
    const removed = await services.subscriptions.remove(invocation.channel, id);
    await responder.reply({ text: t('sub.removed', { number: removed.number, query: removed.query }) });
  },
  async autocomplete(request, services) {
    const subs = await services.store.subscriptions.list(channelKey(request.channel));
    const q = request.partial.toLowerCase();
    return subs
      .filter((s) => !q || String(s.number).startsWith(q) || s.query.toLowerCase().includes(q))
      .map((s) => ({ name: `#${s.number} ${s.query}`.slice(0, 100), value: String(s.number) }));
  },
};
