/** Child-process entry of the matcher bench (see matcher-child.ts): one job from stdin, JSON to stdout. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSize, scalingRun } from './matcher-bench.js';
import type { ChildJob } from './matcher-child.js';
import { readCorpus } from './workload.js';

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as ChildJob;
  // the corpus is read from the fixtures again rather than taken from the JSON job: strings that came through
  // JSON.parse made the string-building floor (analyze) ~2× slower than on texts read as the radar reads them,
  // while the percolator's tokeniser was unaffected — a floor flattering the percolator
  const corpus = readCorpus(join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures'));
  const opts = { ...job.opts, corpus, log: (l: string) => process.stderr.write(`${l}\n`) };
  const result = job.kind === 'size' ? await runSize(opts, job.size) : scalingRun(opts, job.subscriptions, job.papers);
  process.stdout.write(JSON.stringify(result));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
