import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { recentPapers } from './recent-papers.js';
import { toCard } from '../src/digest/cards.js';
import { checkArxivCategories } from '../src/radar/query-categories.js';
import { parseQuery } from '../src/radar/query-parser.js';
import { previewQuery } from '../src/radar/search.js';
import { UserError } from '../src/errors.js';
import { topicSearchFor } from '../src/topics/topic-search.js';
import { categoryCompletions } from './category-completions.js';

export const previewCommand: RadarCommand = {
  spec: {
    name: 'preview',
    description: 'Try a query before adding it: papers per announcement day, with examples',
    usage: '/radar preview <query>',
    examples: ['/radar preview "mixture of experts" -survey', '/radar preview topic:"sparse expert routing"'],
    options: [{ name: 'query', description: 'Same language as /radar add', type: 'string', required: true, rest: true, autocomplete: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const query = stringOption(invocation, 'query');
    if (!query) throw new UserError('command_syntax', 'cmd.usage', { usage: previewCommand.spec.usage });
    // a try-out of a subscription: a misspelt category is said now, as adding it would say
    checkArxivCategories(parseQuery(query));
    const papers = await recentPapers(services, 30);
    const topics = await topicSearchFor(services.topics, papers, query);
    const preview = previewQuery(papers, query, 3, topics);
    const perDay = preview.days.map((d) => `• ${d.day}: ${d.count}`).join('\n') || t('preview.noDays');
    const mode = topics && (topics.hits.mode === 'lexical' ? t('topic.lexicalLabel') : services.topics?.model);
    const capLine = topics ? [t('preview.topicPerDay', { cap: topics.dailyCap, mode: mode ?? '' })] : [];
    await responder.reply({
      text: [t('preview.header', { query, total: preview.total, days: preview.days.length }), perDay, ...capLine, ...(preview.examples.length ? [t('preview.examples')] : [])].join('\n'),
      cards: preview.examples.map((p, i) => toCard(p, i + 1, [])),
      ephemeral: true,
    });
  },
  // completes arXiv categories while one is typed (Discord)
  autocomplete: async (request) => categoryCompletions(request.partial),
};
