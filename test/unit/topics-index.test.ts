/**
 * The vector math of topic matching: validation of what a server sends, float32 storage round trip, and
 * the usearch HNSW index agreeing with the exact scan (the bench measures recall at scale).
 */
import { describe, expect, it } from 'vitest';
import { semanticVector } from '../emulators/openai/semantic-embeddings.js';
import { TOPIC_CORPUS } from '../emulators/openai/topic-corpus.js';
import { createTopicVectorIndex } from '../../src/topics/topic-index.js';
import { decodeVector, EmbeddingInvalidError, encodeVector, exactScan, matrixOf, toUnitVector } from '../../src/topics/vectors.js';

const D = 256;
const unit = (s: string) => toUnitVector(semanticVector(s, D), D);

describe('vectors', () => {
  it('normalises, and refuses wrong dimensions and non-numbers', () => {
    const v = toUnitVector([3, 4], 2);
    expect([...v]).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(() => toUnitVector([1, 2, 3], 2)).toThrow(EmbeddingInvalidError);
    expect(() => toUnitVector([1, null], 2)).toThrow(EmbeddingInvalidError);
    expect(() => toUnitVector([1, Number.NaN], 2)).toThrow(EmbeddingInvalidError);
    expect(() => toUnitVector([1, Infinity], 2)).toThrow(EmbeddingInvalidError);
  });

  it('stores float32 exactly (base64 of the bytes)', () => {
    const v = unit('sparse expert routing');
    const back = decodeVector(encodeVector(v));
    expect(back).toBeInstanceOf(Float32Array);
    expect([...back]).toEqual([...v]);
  });

  it('the exact scan keeps pairs at or above the cut-off, best first, at most `limit`', () => {
    const papers = matrixOf(TOPIC_CORPUS.map((p) => unit(`${p.title}\n\n${p.abstract}`)), D);
    const topics = matrixOf(['sparse expert routing', 'graph community detection', 'zzz'].map(unit), D);
    const [moe, graph, none] = exactScan(papers, topics, 0.4, 3);
    expect(moe).toHaveLength(3);
    expect(moe!.map((r) => r.score)).toEqual([...moe!.map((r) => r.score)].sort((a, b) => b - a));
    expect(graph!.map((r) => TOPIC_CORPUS[r.row]!.id).sort()).toEqual(['arxiv:2606.20003', 'arxiv:2606.20004']);
    expect(none).toEqual([]);
  });
});

describe('HNSW topic index (usearch)', () => {
  it('finds the same pairs as the exact scan, and grows with new topics only', () => {
    const papers = matrixOf(TOPIC_CORPUS.map((p) => unit(`${p.title}\n\n${p.abstract}`)), D);
    const texts = ['sparse expert routing', 'graph community detection', 'speculative decoding', 'diffusion models', 'robot grasping'];
    const index = createTopicVectorIndex(D);
    index.ensure(texts.slice(0, 3), texts.slice(0, 3).map(unit));
    index.ensure(texts, texts.map(unit));
    expect(index.size).toBe(5);
    const exact = exactScan(papers, matrixOf(texts.map(unit), D), 0.3, 10);
    const approx = index.scan(papers, texts, 0.3, 10);
    expect(approx.map((rows) => rows.map((r) => r.row))).toEqual(exact.map((rows) => rows.map((r) => r.row)));
    for (let i = 0; i < texts.length; i++) {
      for (let j = 0; j < exact[i]!.length; j++) expect(approx[i]![j]!.score).toBeCloseTo(exact[i]![j]!.score, 2);
    }
  });
});
