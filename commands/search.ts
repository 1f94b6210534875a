import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { recentPapers } from './recent-papers.js';
import { cardReasons, toCard } from '../src/digest/cards.js';
import { searchPapers } from '../src/radar/search.js';
import { UserError } from '../src/errors.js';
import { topicSearchFor } from '../src/topics/topic-search.js';

export const searchCommand: RadarCommand = {
  spec: {
    name: 'search',
    description: 'Search the papers of the last 30 days with the subscription query language',
    usage: '/radar search <query>',
    examples: ['/radar search "speculative decoding" cat:cs.CL'],
    options: [{ name: 'query', description: 'Same language as /radar add', type: 'string', required: true, rest: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const query = stringOption(invocation, 'query');
    if (!query) throw new UserError('command_syntax', 'cmd.usage', { usage: searchCommand.spec.usage });
    const papers = await recentPapers(services, 30);
    const hits = searchPapers(papers, query, 10, await topicSearchFor(services.topics, papers, query));
    if (hits.length === 0) {
      await responder.reply({ text: t('search.none', { query }) });
      return;
    }
    await responder.reply({
      text: t('search.header', { query, count: hits.length }),
      cards: hits.map((h, i) => toCard(h.paper, i + 1, cardReasons(h.reasons, t('topic.lexicalLabel')))),
      discussable: true,
    });
  },
};
