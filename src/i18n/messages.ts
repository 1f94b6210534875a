/**
 * The bot's fixed messages in every supported language. Both catalogues must have the same keys (a unit
 * test checks it). Placeholders are `{name}`.
 */
export type Language = 'en' | 'zh';

const en = {
  'sub.added': 'Subscribed #{number}: `{query}`',
  'sub.removed': 'Removed #{number}: `{query}`',
  'sub.unknown': 'There is no subscription #{number} in this channel. Use `/radar list` to see the numbers.',
  'sub.none': 'This channel has no subscriptions yet. Add one with `/radar add <query>`, e.g. `/radar add cat:cs.LG "mixture of experts"`.',
  'sub.header': 'Subscriptions of this channel:',
  'sub.needManager': 'Only channel managers can change subscriptions or settings here.',
  'list.settings': 'Digest: {size} papers at {time} ({timezone}), language {language}, summaries {summaries}, cross-lists {crosslists}, replacements {replacements}.',
  'list.problem': '⚠️ I cannot post here: {problem}',
  'digest.header': '**AcademicHub digest · {date}** — {count} new paper(s) for {subs}',
  'digest.headerMore': '**AcademicHub digest · {date}** — more papers ({from}–{to} of {total})',
  'digest.nothingNew': 'Nothing new for this channel’s subscriptions since the last digest.',
  'digest.noSubs': 'This channel has no subscriptions, so there is no digest. Add one with `/radar add <query>`.',
  'digest.noAnnouncement': 'No arXiv announcement today ({note}); the next digest comes with the next mailing.',
  'digest.remaining': '{remaining} more matching paper(s): `/radar more` or Shuffle.',
  'more.none': 'No more papers in the current digest. Run `/radar digest` for a new one.',
  'settings.show': 'Settings: size {size}, time {time}, timezone {timezone}, language {language}, summaries {summaries}, cross-lists {crosslists}, replacements {replacements}.',
  'settings.updated': 'Updated {name} → {value}.',
  'settings.bad': 'Invalid value for {name}: {reason}',
  'error.generic': 'Sorry, something went wrong on my side. The problem was logged; please try again.',
  'error.unknownCommand': 'Unknown command `{name}`. Try `/radar help`.',
  'thread.paper': 'Questions about this paper go here: mention me with your question.',
  'thread.unknown': 'I do not know which paper this thread is about. Use Discuss under a digest card to open one.',
  'discuss.opened': 'Thread opened for **{title}**.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'sub.added': '已订阅 #{number}：`{query}`',
  'sub.removed': '已删除 #{number}：`{query}`',
  'sub.unknown': '本频道没有编号为 #{number} 的订阅。用 `/radar list` 查看编号。',
  'sub.none': '本频道还没有订阅。用 `/radar add <查询>` 添加，例如 `/radar add cat:cs.LG "mixture of experts"`。',
  'sub.header': '本频道的订阅：',
  'sub.needManager': '只有频道管理员可以修改这里的订阅或设置。',
  'list.settings': '日报：每次 {size} 篇，{time}（{timezone}），语言 {language}，摘要 {summaries}，交叉列表 {crosslists}，更新版本 {replacements}。',
  'list.problem': '⚠️ 我无法在这里发消息：{problem}',
  'digest.header': '**AcademicHub 日报 · {date}** — 为 {subs} 找到 {count} 篇新论文',
  'digest.headerMore': '**AcademicHub 日报 · {date}** — 更多论文（第 {from}–{to} 篇，共 {total} 篇）',
  'digest.nothingNew': '自上次日报以来，本频道的订阅没有新论文。',
  'digest.noSubs': '本频道没有订阅，因此没有日报。用 `/radar add <查询>` 添加。',
  'digest.noAnnouncement': '今天 arXiv 没有发布（{note}）；下一期日报随下一次发布而来。',
  'digest.remaining': '还有 {remaining} 篇匹配的论文：`/radar more` 或点“换一批”。',
  'more.none': '当前日报没有更多论文了。运行 `/radar digest` 生成新的日报。',
  'settings.show': '设置：每批 {size} 篇，时间 {time}，时区 {timezone}，语言 {language}，摘要 {summaries}，交叉列表 {crosslists}，更新版本 {replacements}。',
  'settings.updated': '已更新 {name} → {value}。',
  'settings.bad': '{name} 的值无效：{reason}',
  'error.generic': '抱歉，我这边出了问题。已记录，请稍后再试。',
  'error.unknownCommand': '未知命令 `{name}`。试试 `/radar help`。',
  'thread.paper': '关于这篇论文的问题请在这里提出：@我 并写下你的问题。',
  'thread.unknown': '我不知道这个讨论串对应哪篇论文。请在日报卡片下点“讨论”来开启。',
  'discuss.opened': '已为 **{title}** 开启讨论串。',
};

export const catalogues: Record<Language, Record<MessageKey, string>> = { en, zh };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const table = catalogues[language] ?? catalogues.en;
  return (key, vars = {}) =>
    (table[key] ?? catalogues.en[key]).replace(/\{(\w+)\}/g, (m, name: string) =>
      vars[name] === undefined ? m : String(vars[name]),
    );
}
