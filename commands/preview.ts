import type { RadarCommand } from './command.js';
import { stringOption } from './command.js';
import { recentPapers } from './recent-papers.js';
import { toCard } from '../src/digest/cards.js';
import { previewQuery } from '../src/radar/search.js';
import { UserError } from '../src/errors.js';

export const previewCommand: RadarCommand = {
  spec: {
    name: 'preview',
    description: 'Try a query before adding it: papers per announcement day, with examples',
    usage: '/radar preview <query>',
    examples: ['/radar preview "mixture of experts" -survey'],
    options: [{ name: 'query', description: 'Same language as /radar add', type: 'string', required: true, rest: true }],
  },
  async execute({ invocation, responder, services }) {
    const query = stringOption(invocation, 'query');
    if (!query) throw new UserError('command_syntax', 'Usage: /radar preview <query>');
    const preview = previewQuery(await recentPapers(services, 30), query, 3);
    const perDay = preview.days.map((d) => `• ${d.day}: ${d.count}`).join('\n') || '• (no stored announcement days yet)';
    await responder.reply({
      text: `**Preview** \`${query}\` — ${preview.total} paper(s) over ${preview.days.length} stored day(s):\n${perDay}${preview.examples.length ? '\nExamples:' : ''}`,
      cards: preview.examples.map((p, i) => toCard(p, i + 1, [])),
      ephemeral: true,
    });
  },
};
