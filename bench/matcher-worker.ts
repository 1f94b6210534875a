/** Child-process entry of the matcher bench (see matcher-child.ts): one job from stdin, JSON to stdout. */
import { runSize, scalingRun } from './matcher-bench.js';
import type { ChildJob } from './matcher-child.js';

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as ChildJob;
  const opts = { ...job.opts, log: (l: string) => process.stderr.write(`${l}\n`) };
  const result = job.kind === 'size' ? await runSize(opts, job.size) : scalingRun(opts, job.subscriptions, job.papers);
  process.stdout.write(JSON.stringify(result));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
