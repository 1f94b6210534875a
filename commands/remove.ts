import type { RadarCommand } from '../src/chat/command.js';
import { UserError } from '../src/errors.js';
import { subscriptionCompletions } from './subscription-completions.js';

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
  autocomplete: (request, services) => subscriptionCompletions(request.channel, request.partial, services),
};
