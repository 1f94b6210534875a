import type { RadarCommand } from '../src/chat/command.js';

export const moreCommand: RadarCommand = {
  spec: {
    name: 'more',
    description: 'Another batch (换一批): the next papers of the current digest',
    usage: '/radar more',
    options: [],
  },
  async execute({ invocation, responder, services }) {
    await services.digests.more(invocation.channel, (m) => responder.reply(m));
  },
};
