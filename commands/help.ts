import type { RadarCommand } from './command.js';
import type { CommandSpec } from '../src/chat/command-spec.js';

/** Help text generated from the registry, so it never drifts from the commands. */
export function helpText(specs: readonly CommandSpec[]): string {
  const lines = ['**AcademicHub research radar** — commands:'];
  for (const s of specs) lines.push(`• \`${s.usage}\` — ${s.description}`);
  lines.push(
    '',
    '**Query language**: `author:"Yinmin Zhong"` · `cat:cs.LG` · `title:diffusion` · `abs:"in-context learning"` · `"mixture of experts" routing -survey` · `(MoE OR "mixture-of-experts") AND cat:cs.CL`.',
    'Case- and accent-insensitive; hyphen/space variants and plurals match; `-term` or `NOT` excludes.',
  );
  return lines.join('\n');
}

export function createHelpCommand(specs: () => readonly CommandSpec[]): RadarCommand {
  return {
    spec: { name: 'help', description: 'How to use the radar: commands and the query language', usage: '/radar help', options: [] },
    async execute({ responder }) {
      await responder.reply({ text: helpText(specs()), ephemeral: true });
    },
  };
}
