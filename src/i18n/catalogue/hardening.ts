/** Hardening: LLM throttling and the deployment-wide cap, reservations in `/radar usage`. */

export const en = {
  'llm.throttled': 'You have made many LLM requests in the last hour. Please wait about {minutes, plural, one {# minute} other {# minutes}} and try again.',
  'llm.reason.llm_global_budget': 'the deployment’s daily LLM budget is spent',
  'usage.reserved': 'Reserved by requests in progress: {reserved} tokens.',
  'progress.retry': 'fetching {what} — retry {attempt}/{of} in {seconds} s',
  'progress.emptyListing': 'arXiv has not published today’s listing yet — trying again in {seconds} s',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'llm.throttled': '你在过去一小时内发起的大语言模型请求过多，请约 {minutes} 分钟后再试。',
  'llm.reason.llm_global_budget': '本部署今日的大语言模型额度已用完',
  'usage.reserved': '进行中的请求已预留：{reserved} 个 token。',
  'progress.retry': '正在获取 {what} — {seconds} 秒后第 {attempt}/{of} 次重试',
  'progress.emptyListing': 'arXiv 尚未发布今天的列表 — {seconds} 秒后重试',
};
