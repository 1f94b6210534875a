/**
 * The LlmClient adapter (the one file importing `openai`) against the emulator: JSON and SSE completions
 * with usage, error classes mapped to stable LlmError codes, aborts, and the emulator's embeddings route.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAiEmulator, type OpenAiEmulator } from '../emulators/openai/openai-emulator.js';
import { createOpenAiLlmClient } from '../../src/briefing/openai-llm-client.js';
import { LlmError } from '../../src/errors.js';

let emu: OpenAiEmulator;
beforeEach(async () => {
  emu = await startOpenAiEmulator();
});
afterEach(async () => {
  await emu.close();
});

const client = (maxRetries = 0) => createOpenAiLlmClient({ apiKey: 'sk-x', baseURL: emu.baseURL, model: 'm1', timeoutMs: 400, maxRetries });
const req = { messages: [{ role: 'user' as const, content: 'one two three four five six seven eight' }] };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return (err as LlmError).code;
  }
}

describe('openai LlmClient', () => {
  it('JSON completion returns text and usage; the request carries model and messages', async () => {
    emu.script(() => 'hello there');
    const res = await client().complete(req);
    expect(res).toEqual({ text: 'hello there', usage: { promptTokens: 10, completionTokens: 3 } });
    expect(emu.requests[0]!.body.model).toBe('m1');
    expect(emu.requests[0]!.body.stream).toBeFalsy();
  });

  it('streams SSE deltas and the final usage chunk', async () => {
    emu.script(() => 'alpha beta gamma');
    const deltas: string[] = [];
    const res = await client().stream!(req, undefined, (d) => deltas.push(d));
    expect(deltas.join('')).toBe('alpha beta gamma');
    expect(deltas.length).toBe(3);
    expect(res.usage).toEqual({ promptTokens: 10, completionTokens: 4 });
    expect(emu.requests[0]!.body.stream).toBe(true);
  });

  it('maps 401, 429 (retried with retry-after), 500 and timeouts to stable codes', async () => {
    emu.fail({ kind: 'status', status: 401 });
    expect(await codeOf(client(2).complete(req))).toBe('llm_auth');
    expect(emu.requests).toHaveLength(1);
    emu.fail({ kind: 'status', status: 429 });
    expect(await codeOf(client(2).complete(req))).toBe('llm_rate_limited');
    expect(emu.requests).toHaveLength(4);
    emu.fail({ kind: 'status', status: 500 }, 1);
    expect(await codeOf(client(1).complete(req))).toBe('resolved'); // one 500, then the retry succeeds
    emu.fail({ kind: 'status', status: 500 });
    expect(await codeOf(client(0).complete(req))).toBe('llm_server');
    emu.fail({ kind: 'hang' });
    expect(await codeOf(client(0).complete(req))).toBe('llm_timeout');
  });

  it('an abort signal cancels a hanging request', async () => {
    emu.fail({ kind: 'hang' });
    const controller = new AbortController();
    const pending = codeOf(createOpenAiLlmClient({ apiKey: 'k', baseURL: emu.baseURL, model: 'm', timeoutMs: 60_000, maxRetries: 0 }).complete(req, controller.signal));
    while (emu.requests.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    expect(await pending).toBe('llm_aborted');
  });

  it('the emulator serves embeddings with usage', async () => {
    const res = await fetch(`${emu.baseURL}/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'e', input: ['abcd', 'efghijkl'] }),
    });
    const body = (await res.json()) as { data: { embedding: number[] }[]; usage: { prompt_tokens: number } };
    expect(body.data).toHaveLength(2);
    expect(body.data[0]!.embedding).toHaveLength(256);
    expect(body.usage.prompt_tokens).toBe(3);
  });
});
