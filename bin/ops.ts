/**
 * `npm run ops -- jobs`: the cluster's job queues (counts per state, the last failures and their errors).
 * `npm run ops -- jobs retry [queue]`: move failed jobs back to waiting. Needs REDIS_URL (cluster mode).
 */
import { existsSync } from 'node:fs';
import { formatReport, jobsReport, retryFailed } from '../src/cluster/ops.js';
import { loadConfig } from '../src/config.js';
import { RadarError } from '../src/errors.js';

const USAGE = 'usage: npm run ops -- jobs [--json] | npm run ops -- jobs retry [queue]';

async function main(args: string[]): Promise<number> {
  const envFile = process.env.RADAR_ENV_FILE ?? '.env';
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig();
  if (args[0] !== 'jobs') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  if (!config.REDIS_URL) {
    process.stderr.write('REDIS_URL is not set: jobs exist only in cluster mode (see README "Scaling out").\n');
    return 1;
  }
  if (args[1] === 'retry') {
    const n = await retryFailed(config.REDIS_URL, config.RADAR_QUEUE_PREFIX, args[2]);
    process.stdout.write(`${n} failed job(s) moved back to waiting\n`);
    return 0;
  }
  const report = await jobsReport(config.REDIS_URL, config.RADAR_QUEUE_PREFIX);
  process.stdout.write(args.includes('--json') ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof RadarError ? err.message : ((err as Error).stack ?? String(err))}\n`);
    process.exit(1);
  },
);
