/**
 * The `/radar` command registry: one subcommand per file, declared once for every platform
 * (Discord options, Slack text and the terminal line are all generated from these specs).
 */
import type { CommandSpec } from '../src/chat/command-spec.js';
import type { RadarCommand } from '../src/chat/command.js';
import { addCommand } from './add.js';
import { removeCommand } from './remove.js';
import { editCommand } from './edit.js';
import { listCommand } from './list.js';
import { importCommand } from './import.js';
import { exportCommand } from './export.js';
import { digestCommand } from './digest.js';
import { moreCommand } from './more.js';
import { settingsCommand } from './settings.js';
import { searchCommand } from './search.js';
import { previewCommand } from './preview.js';
import { briefCommand } from './brief.js';
import { askCommand } from './ask.js';
import { citeCommand } from './cite.js';
import { usageCommand } from './usage.js';
import { trendingCommand } from './trending.js';
import { sourceCommand } from './source.js';
import { similarCommand } from './similar.js';
import { feedbackCommand } from './feedback.js';
import { webCommand } from './web.js';
import { watchCommand } from './watch.js';
import { createHelpCommand } from './help.js';

export const allCommands: readonly RadarCommand[] = [
  addCommand,
  removeCommand,
  editCommand,
  listCommand,
  importCommand,
  exportCommand,
  digestCommand,
  moreCommand,
  settingsCommand,
  searchCommand,
  previewCommand,
  similarCommand,
  briefCommand,
  askCommand,
  citeCommand,
  usageCommand,
  trendingCommand,
  sourceCommand,
  feedbackCommand,
  watchCommand,
  webCommand,
  createHelpCommand(() => commandSpecs),
];

export const commandSpecs: readonly CommandSpec[] = allCommands.map((c) => c.spec);
