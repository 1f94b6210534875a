/**
 * The `/radar` command registry: one subcommand per file, declared once for every platform.
 * Later capabilities add their commands to `allCommands`.
 */
import type { CommandSpec } from '../src/chat/command-spec.js';
import type { RadarCommand } from './command.js';
import { addCommand } from './add.js';
import { removeCommand } from './remove.js';
import { listCommand } from './list.js';
import { digestCommand } from './digest.js';
import { moreCommand } from './more.js';
import { settingsCommand } from './settings.js';
import { searchCommand } from './search.js';
import { previewCommand } from './preview.js';
import { createHelpCommand } from './help.js';

export const allCommands: RadarCommand[] = [
  addCommand,
  removeCommand,
  listCommand,
  digestCommand,
  moreCommand,
  settingsCommand,
  searchCommand,
  previewCommand,
];
// Briefings (issue 6): /radar brief, /radar ask, /radar usage.
allCommands.push(
  (await import('./brief.js')).briefCommand,
  (await import('./ask.js')).askCommand,
  (await import('./usage.js')).usageCommand,
);
import { trendingCommand } from './trending.js';
import { sourceCommand } from './source.js';
allCommands.push(trendingCommand, sourceCommand);
allCommands.push(createHelpCommand(() => commandSpecs));

export const commandSpecs: readonly CommandSpec[] = allCommands.map((c) => c.spec);
