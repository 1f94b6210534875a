import { stringOption, type RadarCommand } from '../src/chat/command.js';
import { UserError } from '../src/errors.js';

/**
 * `/radar web` — a signed link to this channel's page, shown only to the asker; `manage` for managers;
 * `feed` the channel's Atom feed (a year-long link that reads the matched papers and nothing else).
 */
export const webCommand: RadarCommand = {
  spec: {
    name: 'web',
    description: 'A private link to this channel’s AcademicHub page (manage: a manager link; feed: an Atom feed)',
    usage: '/radar web [manage|feed]',
    examples: ['/radar web', '/radar web manage', '/radar web feed'],
    options: [
      {
        name: 'mode',
        description: 'manage: a link that can also change subscriptions and settings (managers only); feed: an Atom feed',
        type: 'string',
        choices: [
          { name: 'manage', value: 'manage' },
          { name: 'feed', value: 'feed' },
        ],
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
    if (mode !== undefined && mode !== 'manage' && mode !== 'feed') throw new UserError('command_syntax', 'cmd.usage', { usage: webCommand.spec.usage });
    if (mode === 'manage' && !invocation.user.canManage) throw new UserError('forbidden', 'sub.needManager');
    const role = mode ?? 'view';
    const url = web.link(invocation.channel, invocation.user, role);
    const said = { view: 'web.link', manage: 'web.manageLink', feed: 'web.feedLink' } as const;
    await responder.reply({ text: t(said[role], { url }), ephemeral: true });
  },
};
