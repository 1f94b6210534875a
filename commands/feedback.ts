import type { RadarCommand } from '../src/chat/command.js';
import { stringOption } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { UserError } from '../src/errors.js';
import { featureList } from '../src/feedback/chips.js';

const ACTIONS = ['show', 'forget'] as const;

export const feedbackCommand: RadarCommand = {
  spec: {
    name: 'feedback',
    description: 'What this channel’s 👍/👎 taught the radar; `forget` deletes the channel’s votes',
    usage: '/radar feedback [show|forget]',
    examples: ['/radar feedback', '/radar feedback forget'],
    options: [{ name: 'action', description: 'show (default) or forget', type: 'string', choices: ACTIONS.map((a) => ({ name: a, value: a })) }],
  },
  async execute({ invocation, responder, services, t }) {
    const feedback = services.feedback;
    if (!feedback) throw new UserError('feedback_off', 'feedback.notEnabled');
    const key = channelKey(invocation.channel);
    const action = stringOption(invocation, 'action') ?? 'show';
    if (action === 'forget') {
      if (!invocation.user.canManage) throw new UserError('forbidden', 'sub.needManager');
      await responder.reply({ text: t('feedback.forgotten', { count: await feedback.forget(key) }) });
      return;
    }
    if (action !== 'show') throw new UserError('command_syntax', 'cmd.usage', { usage: feedbackCommand.spec.usage });
    const s = await feedback.summary(key);
    const lines = [t('feedback.header', { learning: s.learning ? 'on' : 'off' })];
    if (s.total.up + s.total.down === 0) lines.push(t('feedback.nothing'));
    else {
      lines.push(t('feedback.votes', { up: s.total.up, down: s.total.down, weekUp: s.thisWeek.up, weekDown: s.thisWeek.down }));
      if (s.liked.length) lines.push(t('feedback.liked', { features: featureList(s.liked) }));
      if (s.disliked.length) lines.push(t('feedback.disliked', { features: featureList(s.disliked) }));
    }
    if (!s.learning) lines.push(t('feedback.learningOff'));
    await responder.reply({ text: lines.join('\n') });
  },
};
