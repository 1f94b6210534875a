import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { capabilityOff } from '../src/errors.js';

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
    const briefing = services.briefing;
    if (!briefing) throw capabilityOff('briefing');
    await briefing.brief(invocation.channel, stringOption(invocation, 'query'), responder, invocation.user);
  },
};
