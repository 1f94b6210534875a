import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { UserError } from '../src/errors.js';
import { topicLeavesOf } from '../src/topics/topic-matching.js';
import { broadQueryWarning } from '../src/radar/broad-query-warning.js';
import { categoryCompletions } from './category-completions.js';

export const addCommand: RadarCommand = {
  spec: {
    name: 'add',
    description: 'Subscribe this channel to a query: authors, keywords, phrases, categories',
    usage: '/radar add <query>',
    examples: [
      '/radar add author:"Yinmin Zhong"',
      '/radar add "mixture of experts" routing -survey',
      '/radar add (MoE OR "mixture-of-experts") AND cat:cs.CL',
      '/radar add topic:"graph community detection" AND cat:cs.LG -survey',
      '/radar add like:2411.17796',
    ],
    requiresManager: true,
    options: [{ name: 'query', description: 'e.g. "mixture of experts" -survey, author:"Yinmin Zhong", cat:cs.LG, topic:"…"', type: 'string', required: true, rest: true, autocomplete: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const query = stringOption(invocation, 'query');
    if (!query) throw new UserError('command_syntax', 'cmd.usage', { usage: addCommand.spec.usage });
    const sub = await services.subscriptions.add(invocation.channel, query, invocation.user);
    const lines = [t('sub.added', { number: sub.number, query: sub.query })];
    const broad = broadQueryWarning(t, sub);
    if (broad) lines.push(broad);
    const topics = services.topics;
    // no silent downgrade: a topic subscription is told which mode matches it
    if (topics && topicLeavesOf([sub.query]).length > 0) {
      lines.push(
        topics.mode === 'embedding'
          ? t('topic.addedEmbedding', { model: topics.model ?? '', cap: topics.dailyCap })
          : t('topic.addedLexical', { cap: topics.dailyCap }),
      );
    }
    await responder.reply({ text: lines.join('\n') });
  },
  // completes arXiv categories while one is typed (Discord)
  autocomplete: async (request) => categoryCompletions(request.partial),
};
