/**
 * Every paper of the recorded arXiv API responses (test/fixtures/arxiv-api), parsed by the product's own Atom
 * parser: real titles, abstracts and author names for tests that check one implementation against another.
 * The recorded error responses (which do not parse into papers) are left out.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { Paper } from '../../../src/papers/paper.js';
import { parseArxivAtom } from '../../../src/sources/arxiv-atom.js';

export function recordedArxivPapers(): Paper[] {
  const dir = new URL('../../fixtures/arxiv-api/', import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .flatMap((f) => {
      try {
        return [...parseArxivAtom(readFileSync(new URL(f, dir))).papers];
      } catch {
        return []; // the error fixtures
      }
    });
}
