/**
 * A small corpus for topic-matching tests against the emulator's embedding model: five papers about sparse
 * mixture-of-experts models — only one of which uses the phrase "mixture of experts"; the others say
 * "sparsely-gated expert layers", "MoE", "routed experts", "Switch-style" — and papers on other subjects,
 * some of which share generic words with them (sparse attention, routing in networks, sparse coding).
 * Abstracts are written for these tests (not copied from real papers).
 */
import type { Paper } from '../../../src/papers/paper.js';

const DAY = '2026-06-15';

function paper(id: string, title: string, abstract: string, categories = ['cs.LG']): Paper {
  return {
    id: `arxiv:${id}`,
    version: 1,
    title,
    abstract,
    authors: [{ name: 'Ada Lovelace' }],
    primaryCategory: categories[0],
    categories,
    announced: DAY,
    announceType: 'new',
    absUrl: `https://arxiv.org/abs/${id}`,
    sources: [{ kind: 'arxiv', label: `arXiv (${categories[0]})`, url: `https://arxiv.org/abs/${id}` }],
  };
}

/** The MoE papers, by id. The first one is the only one saying "mixture of experts". */
export const MOE_IDS = ['arxiv:2606.10001', 'arxiv:2606.10002', 'arxiv:2606.10003', 'arxiv:2606.10004', 'arxiv:2606.10005'];

export const TOPIC_CORPUS: readonly Paper[] = [
  paper('2606.10001', 'Scaling a mixture of experts language model with load balancing',
    'We train a mixture of experts language model where each token is processed by two of sixty-four experts. An auxiliary load balancing loss keeps expert utilisation even and improves perplexity at equal compute.'),
  paper('2606.10002', 'Sparsely-gated expert layers for efficient inference',
    'Sparsely-gated expert layers activate a small subset of feed-forward blocks per token. We study the gating network, capacity factors and dropped tokens, and show that inference cost grows slowly with the number of experts.'),
  paper('2606.10003', 'Token routing with routed experts at trillion-parameter scale',
    'We revisit token routing: a learned router sends every token to routed experts and a shared expert. Careful expert parallelism across devices gives a trillion-parameter model that trains at the cost of a dense one.'),
  paper('2606.10004', 'Stable top-k gating for MoE transformers',
    'MoE transformers often suffer from router collapse. We propose a stable top-k gating scheme with noise annealing that keeps experts specialised and improves downstream accuracy of MoE layers.'),
  paper('2606.10005', 'A Switch Transformer recipe for multilingual translation',
    'We adapt the Switch Transformer, where each token is dispatched to a single expert, to multilingual translation, and analyse which languages share experts.', ['cs.CL']),
  paper('2606.20001', 'Sparse attention for long documents',
    'We introduce a sparse attention pattern for long documents that attends to local windows and a few global tokens, reducing memory from quadratic to linear in sequence length.', ['cs.CL']),
  paper('2606.20002', 'Packet routing in data-centre networks with reinforcement learning',
    'We learn packet routing policies for data-centre networks with reinforcement learning, reducing tail latency under bursty traffic compared with shortest-path routing.', ['cs.NI']),
  paper('2606.20003', 'Overlapping community detection in attributed graphs',
    'We detect overlapping communities in attributed graphs by combining modularity maximization with node features, and evaluate on citation and social networks.', ['cs.SI']),
  paper('2606.20004', 'Graph clustering with the Leiden algorithm at scale',
    'We parallelise the Leiden algorithm for graph clustering and partition graphs with billions of edges into well-connected communities.', ['cs.SI']),
  paper('2606.20005', 'Denoising diffusion for image super-resolution',
    'A denoising diffusion model conditioned on low-resolution images produces sharp super-resolved outputs; we analyse the number of sampling steps needed.', ['cs.CV']),
  paper('2606.20006', 'Speculative decoding with a tiny draft model',
    'Speculative decoding uses a tiny draft model to propose tokens that the large model verifies in parallel, doubling generation speed without changing outputs.', ['cs.CL']),
  paper('2606.20007', 'Sparse coding of natural images revisited',
    'We revisit sparse coding of natural image patches and relate learned dictionaries to receptive fields in the visual cortex.', ['q-bio.NC']),
  paper('2606.20008', 'Expert-level medical question answering with retrieval',
    'A retrieval-augmented language model answers medical exam questions at the level of human physicians; we analyse failure cases in pharmacology.', ['cs.CL']),
  paper('2606.20009', 'Curriculum learning for robotic grasping',
    'A curriculum of increasingly cluttered scenes teaches a robot arm to grasp novel objects, improving success rates in the real world.', ['cs.RO']),
];
