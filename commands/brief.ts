import type { RadarCommand } from './command.js';
import { stringOption } from './command.js';
import { briefingOf } from '../src/briefing/extension.js';

/** `/radar brief [query]`: a cross-disciplinary briefing over the latest digest or a query's last 7 days. */
export const briefCommand: RadarCommand = {
  spec: {
    name: 'brief',
    description: 'Cross-disciplinary briefing of the latest digest, or of the last 7 days matching a query',
    usage: '/radar brief [query]',
    examples: ['/radar brief', '/radar brief "mixture of experts"'],
    slow: true,
    options: [{ name: 'query', description: 'Optional: brief the last 7 days matching this query instead', type: 'string', rest: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const briefing = briefingOf(services);
    if (!briefing) {
      await responder.reply({ text: t('brief.unavailable'), ephemeral: true });
      return;
    }
    await briefing.brief(invocation.channel, stringOption(invocation, 'query'), responder);
  },
};
