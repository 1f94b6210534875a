/** Shared test world for the platform e2e harnesses: a clock tests move, and papers that match or not. */
import type { SyntheticPaper } from '../../emulators/arxiv/arxiv-emulator.js';

export { fakeClock, type MutableClock } from '../../fakes/clock.js';

/** `n` papers about mixture of experts (they match the test subscription) and `others` that do not. */
export function moePapers(n: number, others = 5, abstract?: (i: number) => string): SyntheticPaper[] {
  const moe = Array.from({ length: n }, (_, i) => ({
    id: `2604.${String(30000 + i)}`,
    title: `Sparse mixture of experts routing, part ${i}`,
    abstract: abstract?.(i) ?? `We route tokens through a mixture of experts (variant ${i}). ${'Long abstract text. '.repeat(20)}`,
    authors: [`Ada ${i} Lovelace`, `Alan ${i} Turing`],
    categories: ['cs.LG'],
  }));
  const rest = Array.from({ length: others }, (_, i) => ({
    id: `2604.${String(40000 + i)}`,
    title: `Graph neural networks for chemistry ${i}`,
    abstract: 'Molecules as graphs.',
    authors: ['Marie Curie'],
    categories: ['cs.LG'],
  }));
  return [...moe, ...rest];
}
