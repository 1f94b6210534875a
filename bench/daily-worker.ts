/** Child-process entry of the daily bench: one DailyJob from stdin, its DailyRow as JSON on stdout. */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDailySize, type DailyJob } from './daily-run.js';
import { readCorpus } from './workload.js';

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input) as DailyJob;
  const corpus = readCorpus(join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures'));
  const row = await runDailySize(job, corpus, (l) => process.stderr.write(`${l}\n`));
  process.stdout.write(JSON.stringify(row));
  // the emulator's keep-alive sockets and the store's pools must not keep the child alive
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
