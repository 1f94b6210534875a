import { describeIngestProblem } from '../src/digest/ingest-problems.js';
import type { RadarCommand } from '../src/chat/command.js';

export const digestCommand: RadarCommand = {
  spec: {
    name: 'digest',
    description: 'Post this channel’s digest now: new matching papers since the last one',
    usage: '/radar digest',
    slow: true,
    options: [],
  },
  async execute({ invocation, responder, services, t }) {
    await responder.progress(t('digest.fetching'));
    const ingest = await services.ingest.ingest();
    // Say when a source could not be read, so "nothing new" is not mistaken for a quiet day.
    for (const problem of ingest.problems) await responder.progress(describeIngestProblem(problem, t));
    await services.digests.digestNow(invocation.channel, (m) => responder.reply(m));
  },
};
