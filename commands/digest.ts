import type { RadarCommand } from './command.js';

export const digestCommand: RadarCommand = {
  spec: {
    name: 'digest',
    description: 'Post this channel’s digest now: new matching papers since the last one',
    usage: '/radar digest',
    slow: true,
    options: [],
  },
  async execute({ invocation, responder, services }) {
    await responder.progress('Fetching the latest announcements…');
    await services.ingest.ingest();
    await services.digests.digestNow(invocation.channel, (m) => responder.reply(m));
  },
};
