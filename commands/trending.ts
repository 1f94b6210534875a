/**
 * `/radar trending`: today's Hugging Face daily papers that match this channel's subscriptions (or the
 * top ones when the channel has none), ranked by upvotes. The work is the core's trending service.
 */
import type { RadarCommand } from '../src/chat/command.js';
import { channelKey } from '../src/chat/ports.js';
import { cardReasons, toCard } from '../src/digest/cards.js';
import { capabilityOff } from '../src/errors.js';

export const trendingCommand: RadarCommand = {
  spec: {
    name: 'trending',
    description: 'Today’s Hugging Face papers that match this channel, ranked by upvotes',
    usage: '/radar trending',
    slow: true,
    options: [],
  },
  async execute({ invocation, responder, services, t }) {
    if (!services.trending) throw capabilityOff('trending');
    const key = channelKey(invocation.channel);
    const size = (await services.settings.get(key)).size;
    const result = await services.trending.trending(key, size);
    if (result.listed === 0) {
      await responder.reply({ text: t('trending.empty', { day: result.day }) });
      return;
    }
    if (result.top.length === 0) {
      await responder.reply({ text: t('trending.noMatch', { count: result.listed }) });
      return;
    }
    const scope = result.filtered ? t('trending.scopeMatching') : t('trending.scopeTop');
    await responder.reply({
      text: t('trending.header', { day: result.day, shown: result.top.length, matched: result.matched, scope }),
      cards: result.top.map((c, i) => ({
        ...toCard(c.paper, i + 1, cardReasons(c.reasons)),
        ...(c.paper.hf?.aiSummary ? { tldr: c.paper.hf.aiSummary } : {}),
      })),
      discussable: true,
    });
  },
};
