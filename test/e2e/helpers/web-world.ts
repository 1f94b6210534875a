/**
 * A radar with its web page on an ephemeral port, a shell channel with an author subscription and a topic
 * subscription, and a day of stored papers (plus a cross-list, replacements and one hostile paper).
 */
import type { ChannelRef, UserRef } from '../../../src/chat/ports.js';
import type { Paper } from '../../../src/papers/paper.js';
import { startRadar, type CapabilityOptions, type RunningRadar } from '../../../src/app/start-radar.js';
import type { WebCapabilityOptions } from '../../../src/app/web.js';
import { allCommands } from '../../../commands/index.js';
import { RecordingAdapter } from '../../fakes/recording.js';
import { fakeClock, type FakeClock } from '../../fakes/clock.js';

export const DAY = '2026-04-28';
export const CHANNEL: ChannelRef = { platform: 'shell', id: 'terminal', name: 'terminal' };
export const MANAGER: UserRef = { id: 'u-manager', name: 'Mia', canManage: true };
export const MEMBER: UserRef = { id: 'u-member', name: 'Max', canManage: false };
export const AUTHOR = 'Yulian Yang';
export const HOSTILE_TITLE =
  'Mixture of experts <script>window.__xss=1;alert(1)</script> <img src=x onerror="window.__xss=2;alert(2)"> {{7*7}} <a href="javascript:alert(3)">click</a>';

export function paper(n: number, over: Partial<Paper> = {}): Paper {
  const id = `2604.${String(10000 + n)}`;
  return {
    id: `arxiv:${id}`,
    version: 1,
    title: `Sparse mixture of experts routing, study ${n}`,
    abstract: `We route tokens through a mixture of experts with cost $O(n^2 \\log n)$ (variant ${n}). ${'The experiments cover many settings and baselines in detail. '.repeat(8)}`,
    authors: [{ name: `Ada ${n} Lovelace` }, { name: `Alan ${n} Turing` }],
    primaryCategory: 'cs.AI',
    categories: ['cs.AI', 'cs.LG'],
    announceType: 'new',
    announced: DAY,
    published: `${DAY}T00:00:00Z`,
    absUrl: `https://arxiv.org/abs/${id}`,
    sources: [{ kind: 'arxiv', label: 'arXiv (cs.AI)', url: `https://arxiv.org/abs/${id}` }],
    ...over,
  };
}

/** 24 matching papers (4 by the author), a cross-list, two replacements, one hostile paper, 5 others. */
export function dayOfPapers(): Paper[] {
  const out: Paper[] = [];
  for (let i = 0; i < 24; i++) {
    const byAuthor = i % 6 === 2;
    out.push(paper(i, byAuthor ? { authors: [{ name: 'Ada Lovelace' }, { name: AUTHOR }], title: `Routing experts at scale, part ${i}`, abstract: 'Load balancing for sparse models without auxiliary losses.' } : {}));
  }
  out[0] = { ...out[0]!, hf: { upvotes: 57, comments: 4, githubRepo: 'https://github.com/example/moe', githubStars: 1234 }, venue: 'ICML 2026' };
  out.push(paper(100, { announceType: 'cross', title: 'Cross-listed mixture of experts for vision', primaryCategory: 'cs.CV', sources: [{ kind: 'arxiv', label: 'arXiv (cs.CV)' }] }));
  out.push(paper(101, { announceType: 'replace-cross', version: 3, title: 'Mixture of experts, revised edition' }));
  out.push(paper(102, { announceType: 'replace', version: 2, title: 'Mixture of experts, second version' }));
  out.push(
    paper(103, {
      title: HOSTILE_TITLE,
      abstract: 'Abstract with <script>window.__xss=3</script> and <img src=x onerror="window.__xss=4"> and {{constructor.constructor("window.__xss=5")()}} [x](javascript:alert(6)).',
      absUrl: 'javascript:alert(7)',
      sources: [{ kind: 'arxiv', label: 'arXiv (cs.AI)', url: 'javascript:alert(8)' }],
    }),
  );
  for (let i = 0; i < 5; i++) out.push(paper(200 + i, { title: `Graph neural networks for chemistry ${i}`, abstract: 'Molecules as graphs.' }));
  return out;
}

export interface WebWorld {
  readonly radar: RunningRadar;
  readonly adapter: RecordingAdapter;
  readonly clock: FakeClock;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  link(role?: 'view' | 'manage', user?: UserRef): string;
  stop(): Promise<void>;
}

export async function startWebWorld(
  env: Record<string, string> = {},
  web: WebCapabilityOptions = { port: 0 },
  more: Omit<CapabilityOptions, 'web'> = {},
): Promise<WebWorld> {
  const clock = fakeClock(`${DAY}T12:00:00Z`);
  const adapter = new RecordingAdapter();
  const radar = await startRadar({
    env: { RADAR_DB: 'memory://', LOG_LEVEL: 'silent', RADAR_DIGEST_SIZE: '10', ...env },
    clock,
    scheduler: 'manual',
    catchUp: false,
    adapters: [adapter],
    commands: allCommands,
    capabilities: { ...more, web },
  });
  await radar.services.store.papers.putMany(dayOfPapers());
  await radar.services.subscriptions.add(CHANNEL, `author:"${AUTHOR}"`, MANAGER);
  await radar.services.subscriptions.add(CHANNEL, '"mixture of experts"', MANAGER);
  const links = radar.services.web;
  return {
    radar,
    adapter,
    clock,
    base: links?.baseUrl ?? '',
    link: (role = 'view', user = MEMBER) => {
      if (!links) throw new Error('the web page is off');
      return links.link(CHANNEL, user, role);
    },
    stop: () => radar.stop(),
  };
}
