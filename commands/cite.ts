import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { channelKey, threadKeyOf } from '../src/chat/ports.js';
import { UserError } from '../src/errors.js';
import type { Paper } from '../src/papers/paper.js';
import { toBibtex } from '../src/papers/bibtex.js';

/** Papers one `/radar cite` gives (a journal club's list; an answer stays within a few chat messages). */
export const MAX_CITED = 20;

export const citeCommand: RadarCommand = {
  spec: {
    name: 'cite',
    description: 'BibTeX for papers (arXiv ids, DOIs or links); alone in a paper’s thread, for that paper',
    usage: '/radar cite <paper> [paper …]',
    examples: ['/radar cite 2604.26926', '/radar cite 2604.26926 https://arxiv.org/abs/2604.26932v2'],
    options: [{ name: 'papers', description: 'arXiv ids, DOIs or links, separated by spaces (none in a paper’s thread)', type: 'string', rest: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const refs = [...new Set((stringOption(invocation, 'papers') ?? '').split(/[\s,;]+/).filter(Boolean))];
    // typed in a paper's thread (Discuss) without ids: that paper
    if (refs.length === 0 && invocation.thread) {
      const paperId = await services.store.threads.paperOf(threadKeyOf(channelKey(invocation.channel), invocation.thread.id));
      if (paperId) refs.push(paperId);
    }
    if (refs.length === 0) throw new UserError('command_syntax', 'cmd.usage', { usage: citeCommand.spec.usage });
    if (refs.length > MAX_CITED) throw new UserError('command_syntax', 'cite.tooMany', { count: refs.length, limit: MAX_CITED });
    const found: Paper[] = [];
    const unknown: string[] = [];
    for (const ref of refs) {
      const paper = await services.findPaper(ref);
      if (paper && !found.some((p) => p.id === paper.id)) found.push(paper);
      else if (!paper) unknown.push(ref);
    }
    if (found.length === 0) throw new UserError('unknown_paper', 'ask.unknownPaper', { ref: unknown.join(' ') });
    // a plain fence: Slack shows a language name as the block's first line
    const lines = ['```', toBibtex(found), '```'];
    if (unknown.length > 0) lines.push(t('cite.unknown', { refs: unknown.map((r) => `\`${r}\``).join(', ') }));
    await responder.reply({ text: lines.join('\n') });
  },
};
