import type { RadarCommand } from '../src/chat/command.js';
import { capabilityOff } from '../src/errors.js';
import type { Translate } from '../src/i18n/messages.js';
import type { TopicService } from '../src/topics/topic-service.js';

/** Embedding tokens (shared by all channels: each paper is embedded once per model). */
async function embeddingLines(topics: TopicService | undefined, t: Translate): Promise<string[]> {
  if (!topics) return [];
  if (topics.mode === 'lexical') return [t('usage.noEmbeddings')];
  const r = await topics.usage();
  return [t('usage.embeddings', { model: topics.model ?? '', today: r.today.promptTokens, calls: r.today.calls, month: r.thisMonth.promptTokens })];
}

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
    if (!briefing && !services.topics) throw capabilityOff('briefing');
    const embeddings = await embeddingLines(services.topics, t);
    if (!briefing) {
      await responder.reply({ text: embeddings.join('\n'), ephemeral: true });
      return;
    }
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
      ...embeddings,
    ];
    await responder.reply({ text: lines.join('\n'), ephemeral: true });
  },
};
