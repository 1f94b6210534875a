import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { UserError } from '../src/errors.js';

export const addCommand: RadarCommand = {
  spec: {
    name: 'add',
    description: 'Subscribe this channel to a query: authors, keywords, phrases, categories',
    usage: '/radar add <query>',
    examples: ['/radar add author:"Yinmin Zhong"', '/radar add "mixture of experts" routing -survey', '/radar add (MoE OR "mixture-of-experts") AND cat:cs.CL'],
    requiresManager: true,
    options: [{ name: 'query', description: 'e.g. "mixture of experts" -survey, author:"Yinmin Zhong", cat:cs.LG', type: 'string', required: true, rest: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const query = stringOption(invocation, 'query');
    if (!query) throw new UserError('command_syntax', 'cmd.usage', { usage: addCommand.spec.usage });
    const sub = await services.subscriptions.add(invocation.channel, query, invocation.user);
    await responder.reply({ text: t('sub.added', { number: sub.number, query: sub.query }) });
  },
};
