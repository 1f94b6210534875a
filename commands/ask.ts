import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { capabilityOff, UserError } from '../src/errors.js';

/** `/radar ask <paper> <question>`: an answer grounded in one paper, in this channel or thread only. */
export const askCommand: RadarCommand = {
  spec: {
    name: 'ask',
    description: 'Ask a question about one paper (answered from its abstract)',
    usage: '/radar ask <paper> <question>',
    examples: ['/radar ask 2606.04101 What dataset do they evaluate on?'],
    slow: true,
    options: [
      { name: 'paper', description: 'arXiv id, DOI or link', type: 'string', required: true },
      { name: 'question', description: 'Your question', type: 'string', required: true, rest: true },
    ],
  },
  async execute({ invocation, responder, services, t }) {
    const briefing = services.briefing;
    if (!briefing) throw capabilityOff('briefing');
    const ref = stringOption(invocation, 'paper');
    const question = stringOption(invocation, 'question');
    if (!ref || !question) throw new UserError('command_syntax', 'ask.usage');
    const paper = await services.findPaper(ref);
    if (!paper) throw new UserError('unknown_paper', 'ask.unknownPaper', { ref });
    await responder.reply(await briefing.ask(invocation.channel, paper, question, invocation.thread, invocation.user));
  },
};
