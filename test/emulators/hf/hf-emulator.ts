/**
 * A loopback Hugging Face Papers API at `http://127.0.0.1:<port>/api`: `GET /api/daily_papers?date=`
 * (recorded daily lists by date; an empty list for unknown dates; paged like HF by `p` (0-based) and `limit`
 * (default 50)), `GET /api/papers/{id}` (the paper
 * object of any daily item, or 404 JSON). Faults: queue 429 (with Retry-After), 5xx or any body.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startLoopbackServer, type Canned, type LoopbackServer } from '../journal/loopback-server.js';

export const HF_FIXTURES = {
  '2026-06-12': fileURLToPath(new URL('../../fixtures/huggingface/daily_papers_2026-06-12_30_items.json', import.meta.url)),
  '2026-08-03': fileURLToPath(new URL('../../fixtures/huggingface/daily_papers_2026-08-03_3_items_no_ai_summary.json', import.meta.url)),
} as const;

export interface HfEmulator {
  /** The `HF_API_URL` to configure. */
  readonly apiUrl: string;
  readonly server: LoopbackServer;
  /** Serve `items` (daily-papers JSON array, as objects or text) for `date`. */
  setDaily(date: string, items: unknown[] | string): void;
  /** The next `n` requests answer 429 with `Retry-After: retryAfter` seconds. */
  rateLimitNext(n?: number, retryAfter?: string): void;
  close(): Promise<void>;
}

const json = (body: unknown, status = 200): Canned => ({
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json; charset=utf-8' },
});

/** One daily-papers item around a paper object (enough for tests that invent papers). */
export function hfDailyItem(paper: { id: string; title: string; summary?: string; upvotes?: number; authors?: string[]; githubRepo?: string; githubStars?: number }, numComments = 0): unknown {
  return {
    paper: {
      id: paper.id,
      title: paper.title,
      summary: paper.summary ?? '',
      upvotes: paper.upvotes ?? 0,
      authors: (paper.authors ?? []).map((name, i) => ({ _id: `a${i}`, name, hidden: false })),
      publishedAt: '2026-06-11T00:00:00.000Z',
      ...(paper.githubRepo ? { githubRepo: paper.githubRepo } : {}),
      ...(paper.githubStars !== undefined ? { githubStars: paper.githubStars } : {}),
    },
    numComments,
    title: paper.title,
  };
}

export async function startHfEmulator(options: { daily?: Record<string, unknown[] | string> } = {}): Promise<HfEmulator> {
  const daily = new Map<string, string>();
  for (const [date, file] of Object.entries(HF_FIXTURES)) daily.set(date, readFileSync(file, 'utf8'));
  for (const [date, items] of Object.entries(options.daily ?? {})) daily.set(date, typeof items === 'string' ? items : JSON.stringify(items));
  const server = await startLoopbackServer((req) => {
    if (req.path === '/api/daily_papers') {
      const date = req.query.get('date');
      const body = date ? daily.get(date) ?? '[]' : [...daily.entries()].sort()[daily.size - 1]?.[1] ?? '[]';
      let items: { paper: { upvotes?: number } }[];
      try {
        items = JSON.parse(body);
      } catch {
        return json(body); // a deliberately broken body is served as is
      }
      if (!Array.isArray(items)) return json(body);
      if (req.query.get('sort') === 'trending') items.sort((a, b) => (b.paper.upvotes ?? 0) - (a.paper.upvotes ?? 0));
      const limit = Number(req.query.get('limit') ?? 50);
      const page = Number(req.query.get('p') ?? 0);
      return json(items.slice(page * limit, (page + 1) * limit));
    }
    const m = /^\/api\/papers\/(.+)$/.exec(req.path);
    if (m) {
      const id = decodeURIComponent(m[1]!);
      for (const body of daily.values()) {
        const items = JSON.parse(body) as { paper: { id: string }; numComments?: number }[];
        const hit = items.find((i) => i.paper.id === id);
        if (hit) return json({ ...hit.paper, numComments: hit.numComments });
      }
      return json({ error: 'Paper not found' }, 404);
    }
    return json({ error: 'Not found' }, 404);
  });
  return {
    apiUrl: `${server.origin}/api`,
    server,
    setDaily(date, items) {
      daily.set(date, typeof items === 'string' ? items : JSON.stringify(items));
    },
    rateLimitNext(n = 1, retryAfter = '0') {
      server.queue({ status: 429, body: 'Too Many Requests', headers: { 'retry-after': retryAfter, 'content-type': 'text/plain' } }, n);
    },
    close: () => server.close(),
  };
}
