/** `/radar help`: generated from the registry, so it never drifts from the commands; in the channel's language. */
import type { CommandSpec } from '../src/chat/command-spec.js';
import type { RadarCommand } from '../src/chat/command.js';
import { catalogues, type MessageKey, type Translate } from '../src/i18n/messages.js';

/** The catalogue key of a command's one-line description (`help.cmd.<name>`), when the catalogue has one. */
export function helpKeyOf(name: string): MessageKey | undefined {
  const key = `help.cmd.${name}`;
  return key in catalogues.en ? (key as MessageKey) : undefined;
}

export function helpText(specs: readonly CommandSpec[], t: Translate): string {
  const lines = [t('help.header')];
  for (const s of specs) {
    const key = helpKeyOf(s.name);
    lines.push(t('help.line', { usage: s.usage, description: key ? t(key) : s.description }));
  }
  lines.push('', t('help.query'), t('help.queryTopics'), t('help.queryRules'));
  return lines.join('\n');
}

export function createHelpCommand(specs: () => readonly CommandSpec[]): RadarCommand {
  return {
    spec: { name: 'help', description: 'How to use the radar: commands and the query language', usage: '/radar help', options: [] },
    async execute({ responder, t }) {
      await responder.reply({ text: helpText(specs(), t), ephemeral: true });
    },
  };
}
