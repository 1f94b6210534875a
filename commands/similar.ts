import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { recentPapers } from './recent-papers.js';
import { toCard } from '../src/digest/cards.js';
import { capabilityOff, UserError } from '../src/errors.js';

const DAYS = 30;
const LIMIT = 10;

/** `/radar similar <paper>`: the stored papers of the last 30 days nearest to one paper, with their similarity. */
export const similarCommand: RadarCommand = {
  spec: {
    name: 'similar',
    description: 'Stored papers of the last 30 days closest in meaning to one paper',
    usage: '/radar similar <paper id or link>',
    examples: ['/radar similar 2411.17796'],
    options: [{ name: 'paper', description: 'arXiv id, arXiv link or DOI', type: 'string', required: true, rest: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const topics = services.topics;
    if (!topics) throw capabilityOff('topics');
    const ref = stringOption(invocation, 'paper');
    if (!ref) throw new UserError('command_syntax', 'similar.usage');
    const paper = await services.findPaper(ref);
    if (!paper) throw new UserError('unknown_paper', 'like.unknown', { id: ref });
    const result = await topics.similar(paper, await recentPapers(services, DAYS), LIMIT);
    if (result.hits.length === 0) {
      await responder.reply({ text: t('similar.none', { days: DAYS }), ephemeral: true });
      return;
    }
    const lexical = result.mode === 'lexical';
    const mode = lexical ? t('similar.modeLexical') : t('similar.modeEmbedding', { model: topics.model ?? '' });
    const reasonOf = (score: number) =>
      lexical ? { label: 'like', term: paper.id.replace(/^arxiv:/, ''), lexical: t('topic.lexicalLabel') } : { label: 'like', term: paper.id.replace(/^arxiv:/, ''), score };
    await responder.reply({
      text: t('similar.header', { title: paper.title, url: paper.absUrl ?? '', count: result.hits.length, days: DAYS, mode }),
      cards: result.hits.map((h, i) => toCard(h.paper, i + 1, [reasonOf(h.score)])),
      discussable: true,
    });
  },
};
