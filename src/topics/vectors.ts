/**
 * Vector math for topic matching: validation and normalisation of what an embeddings server sent
 * (float32, unit length), compact storage (base64 of the float32 bytes), and the exact scan: every topic
 * against every paper by dot product (= cosine on unit vectors), keeping the pairs at or above a cut-off.
 *
 * The scan is blocked for the CPU: four topic rows are interleaved into one small buffer and two paper rows
 * are streamed against it, so each loaded number feeds four to eight multiply-adds. It is the reference the
 * ANN index is measured against (bench/topics-bench.ts) and what runs whenever papers × topics is small.
 */
import { RadarError } from '../errors.js';

/** Rows of equal length in one Float32Array (row-major). */
export interface VectorMatrix {
  readonly dims: number;
  readonly rows: number;
  readonly data: Float32Array;
}

/** The embeddings server sent something unusable (wrong length, NaN/∞, not numbers). Triggers lexical mode. */
export class EmbeddingInvalidError extends RadarError {}

/**
 * The unit float32 vector of `raw`; throws EmbeddingInvalidError when its length is not `dims` or a value is
 * not a finite number. A zero vector (a text without content) stays zero: it matches nothing.
 */
export function toUnitVector(raw: readonly unknown[], dims: number): Float32Array {
  if (!Array.isArray(raw) || raw.length !== dims) {
    throw new EmbeddingInvalidError('embedding_dimensions', `embedding has ${Array.isArray(raw) ? raw.length : 'no'} dimensions, expected ${dims}`);
  }
  const out = new Float32Array(dims);
  let sum = 0;
  for (let i = 0; i < dims; i++) {
    const x = raw[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) {
      throw new EmbeddingInvalidError('embedding_not_finite', `embedding value ${i} is ${String(x)}`);
    }
    out[i] = x;
    sum += x * x;
  }
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < dims; i++) out[i]! *= inv;
  }
  return out;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Packs unit vectors of one length into a matrix. */
export function matrixOf(vectors: readonly Float32Array[], dims: number): VectorMatrix {
  const data = new Float32Array(vectors.length * dims);
  vectors.forEach((v, i) => data.set(v, i * dims));
  return { dims, rows: vectors.length, data };
}

/** Storage form: base64 of the little-endian float32 bytes (4 bytes a dimension). */
export function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

export function decodeVector(s: string): Float32Array {
  const bytes = Buffer.from(s, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, copy.length >> 2);
}

/** One scored pair of the scan. */
export interface ScoredRow {
  readonly row: number;
  readonly score: number;
}

/** Keeps the `limit` best rows of a list in place (descending score, then row). */
function best(list: ScoredRow[], limit: number): ScoredRow[] {
  list.sort((a, b) => b.score - a.score || a.row - b.row);
  if (list.length > limit) list.length = limit;
  return list;
}

/**
 * For every topic row: the paper rows whose dot product is ≥ `cutoff`, best first, at most `limit` of them.
 * Exact: all papers × topics products are computed.
 */
export function exactScan(papers: VectorMatrix, topics: VectorMatrix, cutoff: number, limit: number): ScoredRow[][] {
  const d = papers.dims;
  if (topics.dims !== d) throw new Error(`dimension mismatch: papers ${d}, topics ${topics.dims}`);
  const P = papers.data;
  const out: ScoredRow[][] = Array.from({ length: topics.rows }, () => []);
  const tile = new Float64Array(4 * d);
  const sums = new Float64Array(8);
  for (let t0 = 0; t0 < topics.rows; t0 += 4) {
    const width = Math.min(4, topics.rows - t0);
    tile.fill(0);
    for (let k = 0; k < width; k++) {
      const row = (t0 + k) * d;
      for (let j = 0; j < d; j++) tile[j * 4 + k] = topics.data[row + j]!;
    }
    for (let p = 0; p < papers.rows; p += 2) {
      const pa = p * d;
      const pb = p + 1 < papers.rows ? pa + d : pa;
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
      for (let j = 0; j < d; j++) {
        const x = P[pa + j]!;
        const y = P[pb + j]!;
        const o = j * 4;
        const u0 = tile[o]!, u1 = tile[o + 1]!, u2 = tile[o + 2]!, u3 = tile[o + 3]!;
        a0 += x * u0; a1 += x * u1; a2 += x * u2; a3 += x * u3;
        b0 += y * u0; b1 += y * u1; b2 += y * u2; b3 += y * u3;
      }
      sums[0] = a0; sums[1] = a1; sums[2] = a2; sums[3] = a3;
      sums[4] = b0; sums[5] = b1; sums[6] = b2; sums[7] = b3;
      const rowsHere = p + 1 < papers.rows ? 2 : 1;
      for (let r = 0; r < rowsHere; r++) {
        for (let k = 0; k < width; k++) {
          const score = sums[r * 4 + k]!;
          if (score >= cutoff) out[t0 + k]!.push({ row: p + r, score });
        }
      }
    }
  }
  return out.map((list) => best(list, limit));
}
