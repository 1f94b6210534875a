/** Child-process entry of the daily bench: one DailyJob from stdin, its DailyRow (or AtOnceRow) as JSON on stdout. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAtOnceSize, runDailySize, type DailyJob } from './daily-run.js';
import { readCorpus } from './workload.js';

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as DailyJob;
  const corpus = readCorpus(join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures'));
  const log = (l: string) => process.stderr.write(`${l}\n`);
  const row = job.atOnceConcurrency ? await runAtOnceSize({ ...job, atOnceConcurrency: job.atOnceConcurrency }, corpus, log) : await runDailySize(job, corpus, log);
  process.stdout.write(JSON.stringify(row));
  // the emulator's keep-alive sockets and the store's pools must not keep the child alive
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
