import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { UserError } from '../src/errors.js';
import { splitImportText } from '../src/app/import-text.js';
import { broadImportWarning } from '../src/radar/broad-query-warning.js';

export const importCommand: RadarCommand = {
  spec: {
    name: 'import',
    description: 'Add many subscriptions at once, separated by `;` or new lines (e.g. from `/radar export`)',
    usage: '/radar import <query>; <query>; …',
    examples: ['/radar import cat:cs.LG; author:"Yinmin Zhong"; "mixture of experts" -survey'],
    requiresManager: true,
    options: [{ name: 'queries', description: 'Queries separated by ; (or one per line), e.g. cat:cs.LG; author:"Yinmin Zhong"', type: 'string', required: true, rest: true }],
  },
  async execute({ invocation, responder, services, t }) {
    const queries = splitImportText(stringOption(invocation, 'queries') ?? '');
    if (queries.length === 0) throw new UserError('command_syntax', 'import.empty');
    const { added, skipped } = await services.subscriptions.addMany(invocation.channel, queries, invocation.user);
    const lines = added.length > 0 ? [t('import.added', { count: added.length }), ...added.map((s) => t('import.addedLine', { number: s.number, query: s.query }))] : [t('import.nothingNew')];
    if (skipped.length > 0) {
      lines.push(t('import.skippedHeader', { count: skipped.length }));
      for (const s of skipped) lines.push(s.number === undefined ? t('import.repeatedLine', { query: s.query }) : t('import.skippedLine', { query: s.query, number: s.number }));
    }
    const broad = broadImportWarning(t, added);
    if (broad) lines.push(broad);
    await responder.reply({ text: lines.join('\n') });
  },
};
