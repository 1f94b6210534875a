import { stringOption, type RadarCommand } from '../src/chat/command.js';
import { UserError } from '../src/errors.js';

/** `/radar web` — a signed link to this channel's page, shown only to the asker; `manage` for managers. */
export const webCommand: RadarCommand = {
  spec: {
    name: 'web',
    description: 'A private link to this channel’s AcademicHub page (manage: a manager link)',
    usage: '/radar web [manage]',
    examples: ['/radar web', '/radar web manage'],
    options: [
      {
        name: 'mode',
        description: 'manage: a link that can also add subscriptions (managers only)',
        type: 'string',
        choices: [{ name: 'manage', value: 'manage' }],
      },
    ],
  },
  async execute({ invocation, responder, services, t }) {
    const web = services.web;
    if (!web) {
      await responder.reply({ text: t('web.disabled'), ephemeral: true });
      return;
    }
    const mode = stringOption(invocation, 'mode');
    if (mode !== undefined && mode !== 'manage') throw new UserError('command_syntax', 'cmd.usage', { usage: webCommand.spec.usage });
    if (mode === 'manage' && !invocation.user.canManage) throw new UserError('forbidden', 'sub.needManager');
    const url = web.link(invocation.channel, invocation.user, mode === 'manage' ? 'manage' : 'view');
    await responder.reply({ text: t(mode === 'manage' ? 'web.manageLink' : 'web.link', { url }), ephemeral: true });
  },
};
