/** Words for what was learned: ranking chips (`↑ liked: 3 papers by Yinmin Zhong`) and feature lists. */
import type { MessageKey, Translate } from '../i18n/messages.js';
import type { LearnedReason } from '../radar/rank.js';
import { describeFeature } from './features.js';

/** The chip of a card the learned ranking moved, in the channel's language. */
export function learnedChip(reason: LearnedReason, t: Translate): string {
  const { kind, label } = describeFeature(reason.feature);
  const papers = reason.count === 1 ? t('feedback.papers.one') : t('feedback.papers.many', { count: reason.count });
  return t(`feedback.chip.${reason.direction}.${kind}` as MessageKey, { papers, label });
}

/** `Yinmin Zhong (author), “serving”, cs.DC` — features as people read them. */
export function featureList(features: readonly { feature: string }[]): string {
  return features
    .map(({ feature }) => {
      const { kind, label } = describeFeature(feature);
      if (kind === 'w') return `“${label}”`;
      if (kind === 'hf') return 'Hugging Face upvotes';
      return label;
    })
    .join(', ');
}
