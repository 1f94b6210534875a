/**
 * Embeddings computed once per text and model, for every channel: a paper's vector is keyed by the model,
 * the paper id and a hash of the embedded text (a revised abstract is embedded again), a topic's by the model
 * and the text. Vectors live in the store (`store.namespace('embeddings')`, float32 as base64) and in a
 * bounded in-process map; misses are embedded in batches of `batchSize` inputs per request, and concurrent
 * requests for the same texts wait for one another (one digest run for ten channels embeds each paper once).
 * Every vector is validated (dimensions, finite numbers) and normalised before it is stored; tokens are
 * recorded in the usage ledger under `EMBEDDING_USAGE_ACCOUNT`.
 */
import { createHash } from 'node:crypto';
import type { KeyValueStore } from '../store/ports.js';
import type { UsageLedger } from '../briefing/usage-ledger.js';
import type { EmbeddingClient } from './embedding-client.js';
import { decodeVector, encodeVector, EmbeddingInvalidError, toUnitVector } from './vectors.js';

/** The usage-ledger account of embedding tokens (shared by all channels: each paper is embedded once). */
export const EMBEDDING_USAGE_ACCOUNT = '@embeddings';
const MEMORY_ENTRIES = 50_000;

export interface EmbedItem {
  /** Cache identity without the model, e.g. `paper:arxiv:2606.04101` or `topic`. */
  readonly id: string;
  readonly text: string;
}

export interface VectorStore {
  readonly model: string;
  /** Unit vectors of `items`, in order; embeds (and stores) only the ones never seen with this model. */
  vectors(items: readonly EmbedItem[], signal?: AbortSignal): Promise<Float32Array[]>;
}

export interface VectorStoreDeps {
  readonly client: EmbeddingClient;
  readonly kv: KeyValueStore;
  readonly usage: UsageLedger;
  readonly batchSize: number;
  /** Expected dimensions (RADAR_EMBEDDING_DIMENSIONS); else the first answer fixes them, remembered per model. */
  readonly dimensions?: number;
}

const hashOf = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 16);

export function createVectorStore(deps: VectorStoreDeps): VectorStore {
  const { client, kv } = deps;
  const model = client.model;
  const memory = new Map<string, Float32Array>();
  const inflight = new Map<string, Promise<Float32Array>>();
  let dims = deps.dimensions;

  const keyOf = (item: EmbedItem) => `${model}|${item.id}|${hashOf(item.text)}`;

  async function expectedDims(first: readonly unknown[]): Promise<number> {
    if (dims !== undefined) return dims;
    const known = await kv.get<number>(`dims|${model}`);
    dims = known ?? (Array.isArray(first) ? first.length : 0);
    if (known === undefined) await kv.set(`dims|${model}`, dims);
    return dims;
  }

  function remember(key: string, v: Float32Array): void {
    if (memory.size >= MEMORY_ENTRIES) memory.delete(memory.keys().next().value!);
    memory.set(key, v);
  }

  /** Embeds `missing` (keys and texts) in batches; resolves each key's vector. */
  async function embedBatch(missing: { key: string; text: string }[], signal?: AbortSignal): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (let i = 0; i < missing.length; i += deps.batchSize) {
      const batch = missing.slice(i, i + deps.batchSize);
      const res = await client.embed(batch.map((m) => m.text), signal);
      await (await deps.usage.reserve(EMBEDDING_USAGE_ACCOUNT, 0)).settle({ promptTokens: res.promptTokens, completionTokens: 0 });
      if (res.vectors.length !== batch.length) {
        throw new EmbeddingInvalidError('embedding_count', `asked for ${batch.length} embeddings, got ${res.vectors.length}`);
      }
      const d = await expectedDims(res.vectors[0] ?? []);
      const vectors = res.vectors.map((raw) => toUnitVector(raw, d)); // all valid before any is stored
      for (let j = 0; j < batch.length; j++) {
        const v = vectors[j]!;
        out.set(batch[j]!.key, v);
        remember(batch[j]!.key, v);
        await kv.set(batch[j]!.key, encodeVector(v));
      }
    }
    return out;
  }

  return {
    model,
    async vectors(items, signal) {
      const keys = items.map(keyOf);
      const result = new Map<string, Float32Array | Promise<Float32Array>>();
      const missing: { key: string; text: string }[] = [];
      for (let i = 0; i < items.length; i++) {
        const key = keys[i]!;
        if (result.has(key)) continue;
        const hit = memory.get(key) ?? inflight.get(key);
        if (hit) {
          result.set(key, hit);
          continue;
        }
        const stored = await kv.get<string>(key);
        if (stored !== undefined) {
          const v = decodeVector(stored);
          remember(key, v);
          result.set(key, v);
        } else missing.push({ key, text: items[i]!.text });
      }
      if (missing.length > 0) {
        const job = embedBatch(missing, signal);
        for (const m of missing) {
          const p = job.then((map) => map.get(m.key)!);
          p.catch(() => undefined);
          inflight.set(m.key, p);
          result.set(m.key, p);
        }
        try {
          await job;
        } finally {
          for (const m of missing) inflight.delete(m.key);
        }
      }
      return Promise.all(keys.map((k) => result.get(k)!));
    },
  };
}
