import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { UserError } from '../src/errors.js';
import { broadQueryWarning } from '../src/radar/broad-query-warning.js';
import { categoryCompletions } from './category-completions.js';
import { subscriptionCompletions } from './subscription-completions.js';

export const editCommand: RadarCommand = {
  spec: {
    name: 'edit',
    description: 'Change the query of one of this channel’s subscriptions, keeping its number',
    usage: '/radar edit <id> <query>',
    examples: ['/radar edit 3 "mixture of experts" -survey'],
    requiresManager: true,
    options: [
      { name: 'id', description: 'Subscription number from /radar list', type: 'integer', required: true, autocomplete: true },
      { name: 'query', description: 'The new query, e.g. "mixture of experts" -survey', type: 'string', required: true, rest: true, autocomplete: true },
    ],
  },
  async execute({ invocation, responder, services, t }) {
    const id = Number(invocation.options.id);
    const query = stringOption(invocation, 'query');
    if (!Number.isInteger(id) || !query) throw new UserError('command_syntax', 'cmd.usage', { usage: editCommand.spec.usage });
    const { before, after } = await services.subscriptions.replace(invocation.channel, id, query);
    if (before.query === after.query) {
      await responder.reply({ text: t('sub.unchanged', { number: after.number, query: after.query }) });
      return;
    }
    const broad = broadQueryWarning(t, after);
    await responder.reply({ text: [t('sub.replaced', { number: after.number, before: before.query, query: after.query }), ...(broad ? [broad] : [])].join('\n') });
  },
  // the number as /radar remove offers it; the query's arXiv categories while one is typed
  autocomplete: async (request, services) =>
    request.option === 'id' ? subscriptionCompletions(request.channel, request.partial, services) : categoryCompletions(request.partial),
};
