import type { RadarCommand } from '../src/chat/command.js';
import { exportLines } from '../src/app/import-text.js';
import { channelKey } from '../src/chat/ports.js';
import { defaultChannelSettings } from '../src/store/channel-defaults.js';
import { settingCommands } from './settings.js';

export const exportCommand: RadarCommand = {
  spec: {
    name: 'export',
    description: 'This channel’s subscriptions as a `/radar import` line, to copy them to another channel',
    usage: '/radar export',
    examples: ['/radar export'],
    options: [],
  },
  async execute({ invocation, responder, services, t }) {
    const subs = await services.subscriptions.list(invocation.channel);
    if (subs.length === 0) {
      await responder.reply({ text: t('sub.none') });
      return;
    }
    // each line in a code block of its own message: copied whole, never cut by a platform's message limit
    const blocks = exportLines(subs.map((s) => s.query)).map((line) => `\`\`\`\n${line}\n\`\`\``);
    await responder.reply({ text: `${t('export.header', { count: subs.length })}\n${blocks[0]}` });
    for (const block of blocks.slice(1)) await responder.reply({ text: block });
    // the digest settings the channel changed, as the commands that set them elsewhere
    const settings = settingCommands(await services.settings.get(channelKey(invocation.channel)), defaultChannelSettings(services.config));
    if (settings.length > 0) await responder.reply({ text: `${t('export.settings')}\n\`\`\`\n${settings.join('\n')}\n\`\`\`` });
  },
};
