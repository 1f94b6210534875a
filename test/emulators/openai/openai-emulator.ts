/**
 * A loopback OpenAI-compatible server (node:http on 127.0.0.1, port 0) for tests and the bench:
 * POST /v1/chat/completions (JSON, or SSE when `stream: true`), POST /v1/embeddings (vectors that carry
 * meaning: see semantic-embeddings.ts; faults: wrong dimensions, non-numbers), deterministic `usage`
 * (tokens ≈ chars/4), injected 401 / 429 (retry-after) / 500 / hang, a scripted-response hook, and a record
 * of every request. The real `openai` client talks to it.
 *
 * The default "model" is a deterministic stand-in: for every `<paper n="k" …>…</paper>` block in the last
 * user message it answers one line `[k] <first sentence of that block's abstract>`; for a `<papers>` list of
 * `[k] …` lines it answers one cited bullet per line; otherwise it answers from the `<paper>` data (first
 * sentence) or says it does not know.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMU_EMBEDDING_DIMS, semanticVector } from './semantic-embeddings.js';

export interface RecordedRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON body. */
  readonly body: ChatBody & Record<string, unknown>;
  /** The raw body text (to search for secrets). */
  readonly raw: string;
}

export interface ChatBody {
  readonly model?: string;
  readonly messages?: readonly { role: string; content: string }[];
  readonly stream?: boolean;
  readonly stream_options?: { include_usage?: boolean };
}

/** Return a string to answer with it, or undefined for the default model. */
export type ScriptHook = (body: ChatBody) => string | undefined;

export type Fault =
  | { kind: 'status'; status: 401 | 429 | 500; retryAfterMs?: number }
  | { kind: 'hang' }
  /** Embeddings only: vectors of the wrong length, or with `null` (a NaN serialised) in them. */
  | { kind: 'badVectors'; problem: 'dimensions' | 'nan' };

export interface OpenAiEmulator {
  /** `http://127.0.0.1:PORT/v1` — the `baseURL` for the client. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Chat-completion requests only. */
  chatRequests(): RecordedRequest[];
  /** Embedding requests only. */
  embeddingRequests(): RecordedRequest[];
  /** Every text embedded so far, in request order (one entry per input). */
  embeddedInputs(): string[];
  /** Answer with `hook` while it returns a string. */
  script(hook: ScriptHook | undefined): void;
  /** Inject `fault` for the next `times` requests (Infinity for all). */
  fail(fault: Fault, times?: number): void;
  clearFaults(): void;
  /** Total tokens the emulator charged (prompt, completion). */
  readonly totals: { promptTokens: number; completionTokens: number };
  close(): Promise<void>;
}

/** Deterministic token count: ceil(chars / 4), at least 1 for non-empty text. */
export const countTokens = (text: string): number => (text.length === 0 ? 0 : Math.ceil(text.length / 4));

export async function startOpenAiEmulator(): Promise<OpenAiEmulator> {
  const requests: RecordedRequest[] = [];
  let hook: ScriptHook | undefined;
  let faults: { fault: Fault; remaining: number } | undefined;
  const totals = { promptTokens: 0, completionTokens: 0 };
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(err), type: 'server_error' } }));
    });
  });

  let badVectors: 'dimensions' | 'nan' | undefined;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0] ?? '';
    let body: ChatBody & Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as typeof body) : {};
    } catch {
      return json(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
    }
    requests.push({ path, headers: { ...req.headers }, body, raw });

    badVectors = undefined;
    if (faults && faults.remaining > 0) {
      faults.remaining -= 1;
      const f = faults.fault;
      if (f.kind === 'badVectors') badVectors = f.problem;
      else if (f.kind === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      } else return status(res, f);
    }
    return route(req, res, path, body);
  }

  function status(res: ServerResponse, f: Extract<Fault, { kind: 'status' }>): void {
    const headers: Record<string, string> = {};
    if (f.status === 429) {
      headers['retry-after'] = '1';
      headers['retry-after-ms'] = String(f.retryAfterMs ?? 5);
    }
    const type = f.status === 401 ? 'invalid_api_key' : f.status === 429 ? 'rate_limit_exceeded' : 'server_error';
    json(res, f.status, { error: { message: `emulated ${f.status}`, type, code: type } }, headers);
  }

  function route(req: IncomingMessage, res: ServerResponse, path: string, body: ChatBody & Record<string, unknown>): void {
    if (!String(req.headers.authorization ?? '').startsWith('Bearer ')) {
      return json(res, 401, { error: { message: 'missing key', type: 'invalid_api_key' } });
    }

    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(body, res);
    if (req.method === 'POST' && path === '/v1/embeddings') return embeddings(body, res);
    return json(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'not_found' } });
  }

  function chat(body: ChatBody, res: ServerResponse): void {
    const messages = body.messages ?? [];
    const promptTokens = messages.reduce((n, m) => n + countTokens(String(m.content ?? '')), 0);
    const text = hook?.(body) ?? defaultModel(messages);
    const completionTokens = countTokens(text);
    totals.promptTokens += promptTokens;
    totals.completionTokens += completionTokens;
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const base = { id: `chatcmpl-emu${requests.length}`, created: 1_780_000_000, model: body.model ?? 'emu' };
    if (!body.stream) {
      return json(res, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
        usage,
      });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
    const pieces = text.match(/\S+\s*|\s+/g) ?? [];
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    for (const p of pieces) send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: p }, finish_reason: null }] });
    send({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    if (body.stream_options?.include_usage) send({ ...base, object: 'chat.completion.chunk', choices: [], usage });
    res.end('data: [DONE]\n\n');
  }

  function embeddings(body: Record<string, unknown>, res: ServerResponse): void {
    const input = body.input;
    const inputs = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
    const promptTokens = inputs.reduce((n, s) => n + countTokens(s), 0);
    totals.promptTokens += promptTokens;
    const dims = typeof body.dimensions === 'number' ? body.dimensions : EMU_EMBEDDING_DIMS;
    const vectorOf = (s: string): (number | null)[] => {
      const v: (number | null)[] = semanticVector(s, dims);
      if (badVectors === 'dimensions') return v.slice(0, Math.max(1, dims >> 1));
      if (badVectors === 'nan') v[0] = null;
      return v;
    };
    json(res, 200, {
      object: 'list',
      model: body.model ?? 'emu-embed',
      data: inputs.map((s, index) => ({ object: 'embedding', index, embedding: vectorOf(s) })),
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    embeddingRequests: () => requests.filter((r) => r.path === '/v1/embeddings'),
    embeddedInputs: () =>
      requests
        .filter((r) => r.path === '/v1/embeddings')
        .flatMap((r) => (Array.isArray(r.body.input) ? (r.body.input as unknown[]).map(String) : [String(r.body.input)])),
    script: (h) => {
      hook = h;
    },
    fail: (fault, times = Infinity) => {
      faults = { fault, remaining: times };
    },
    clearFaults: () => {
      faults = undefined;
    },
    totals,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(payload));
}

/** The deterministic stand-in model (see the file comment). */
export function defaultModel(messages: readonly { role: string; content: string }[]): string {
  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const blocks = [...last.matchAll(/<paper n="(\d+)"[^>]*>([\s\S]*?)<\/paper>/g)];
  if (blocks.length > 0) return blocks.map((b) => `[${b[1]}] ${firstSentence(abstractOf(b[2] ?? ''))}`).join('\n');
  const list = last.match(/<papers>([\s\S]*?)<\/papers>/);
  if (list) {
    const lines = [...(list[1] ?? '').matchAll(/^\[(\d+)\] (.*)$/gm)];
    return `**Themes**\n${lines.map((l) => `• ${firstSentence((l[2] ?? '').replace(/^[^:]*: /, ''))} [${l[1]}]`).join('\n')}`;
  }
  const anyPaper = messages.map((m) => m.content).join('\n').match(/<paper[^>]*>([\s\S]*?)<\/paper>/);
  if (anyPaper) return `According to the abstract: ${firstSentence(abstractOf(anyPaper[1] ?? ''))}`;
  return 'I do not know.';
}

function abstractOf(block: string): string {
  const m = block.match(/Abstract:\s*([\s\S]*)/);
  return (m?.[1] ?? block).replace(/\s+/g, ' ').trim();
}

function firstSentence(text: string): string {
  const m = text.match(/^(.{20,}?[.!?])(\s|$)/);
  return (m?.[1] ?? text.slice(0, 200)).trim();
}
