import type { RadarCommand } from '../src/chat/command.js';
import { capabilityOff } from '../src/errors.js';

/** `/radar usage`: this channel's LLM tokens today and this month, against the daily budget. */
export const usageCommand: RadarCommand = {
  spec: {
    name: 'usage',
    description: "This channel's LLM token usage today and this month",
    usage: '/radar usage',
    options: [],
  },
  async execute({ invocation, responder, services, t }) {
    const briefing = services.briefing;
    if (!briefing) throw capabilityOff('briefing');
    const r = await briefing.usage(invocation.channel);
    const sum = (u: { promptTokens: number; completionTokens: number }) => u.promptTokens + u.completionTokens;
    const lines = [
      t('usage.header'),
      t('usage.today', {
        day: r.day,
        total: sum(r.today),
        prompt: r.today.promptTokens,
        completion: r.today.completionTokens,
        calls: r.today.calls,
        budget: r.dailyBudget,
        remaining: r.remainingToday,
      }),
      ...(r.reservedToday > 0 ? [t('usage.reserved', { reserved: r.reservedToday })] : []),
      t('usage.month', { month: r.month, total: sum(r.thisMonth), prompt: r.thisMonth.promptTokens, completion: r.thisMonth.completionTokens, calls: r.thisMonth.calls }),
      briefing.hasLlm ? t('usage.cacheNote') : t('usage.noLlm'),
    ];
    await responder.reply({ text: lines.join('\n'), ephemeral: true });
  },
};
