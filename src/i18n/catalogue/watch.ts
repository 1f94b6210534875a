/** Messages of `/radar watch`: being named under the digests in which a subscription brings papers. */
export const en = {
  'help.cmd.watch': 'Be named under each digest in which one of this channel’s subscriptions brings papers (`off` stops it)',
  'watch.added': '🔔 You will be named under each digest in which #{number} `{query}` brings papers. `/radar watch {number} off` stops it.',
  'watch.already': 'You already watch #{number} `{query}`.',
  'watch.removed': 'You no longer watch #{number} `{query}`.',
  'watch.notWatching': 'You do not watch #{number}. `/radar watch` lists the ones you do.',
  'watch.full': '#{number} already names {limit} people, the most one subscription can.',
  'watch.none': 'You watch none of this channel’s subscriptions. `/radar watch <id>` names you under the digests in which one brings papers.',
  'watch.list': 'You watch: {list}. `/radar watch <id> off` stops one.',
  'watch.usage': 'Usage: /radar watch [<id> [off]] (a number from /radar list)',
  'list.watchers': '🔔 {count}',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'help.cmd.watch': '当本频道的某个订阅带来论文时，在日报下提到你（`off` 取消）',
  'watch.added': '🔔 之后每期日报中，只要 #{number} `{query}` 带来论文，就会提到你。`/radar watch {number} off` 可取消。',
  'watch.already': '你已经在关注 #{number} `{query}`。',
  'watch.removed': '你不再关注 #{number} `{query}`。',
  'watch.notWatching': '你没有关注 #{number}。`/radar watch` 可列出你关注的订阅。',
  'watch.full': '#{number} 已经会提到 {limit} 个人，这是一个订阅的上限。',
  'watch.none': '你没有关注本频道的任何订阅。`/radar watch <编号>` 会在该订阅带来论文的日报下提到你。',
  'watch.list': '你关注的订阅：{list}。`/radar watch <编号> off` 可取消其中一个。',
  'watch.usage': '用法：/radar watch [<编号> [off]]（来自 /radar list 的数字）',
  'list.watchers': '🔔 {count}',
} as const;
