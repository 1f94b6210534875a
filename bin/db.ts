/**
 * `npm run db -- <command>` on the store named by RADAR_DB (and .env):
 *   migrate          bring the schema to the latest version (the bot also does this at start)
 *   backup <file>    online backup of a SQLite store into <file> (safe while the bot runs)
 *   stats            rows per table and the file size
 *   prune            delete papers older than RADAR_RETENTION_DAYS that no delivery or thread needs
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../src/config.js';
import { RadarError } from '../src/errors.js';
import { defaultChannelSettings } from '../src/store/channel-defaults.js';
import { appliedMigrations } from '../src/store/sql/migrator.js';
import { backupSqlite, storeStats } from '../src/store/sql/sql-ops.js';
import { openSqlRadarStore } from '../src/store/sql/sql-radar-store.js';

const USAGE = 'usage: npm run db -- migrate | backup <file> | stats | prune';

async function main(args: string[]): Promise<number> {
  const envFile = process.env.RADAR_ENV_FILE ?? '.env';
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env);
  const [command, arg] = args;
  if (!command || !['migrate', 'backup', 'stats', 'prune'].includes(command) || (command === 'backup' && !arg)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const store = await openSqlRadarStore(config.RADAR_DB, { defaults: defaultChannelSettings(config) });
  try {
    if (command === 'migrate') {
      process.stdout.write(`schema at ${(await appliedMigrations(store.sql.db)).at(-1)} (${store.sql.backend})\n`);
    } else if (command === 'backup') {
      await backupSqlite(store.sql, resolve(arg!));
      process.stdout.write(`backed up ${store.sql.file} to ${resolve(arg!)}\n`);
    } else if (command === 'stats') {
      const stats = await storeStats(store.sql);
      for (const [table, n] of Object.entries(stats.rows)) process.stdout.write(`${table.padEnd(18)} ${n}\n`);
      if (stats.fileBytes !== undefined) process.stdout.write(`${'file bytes'.padEnd(18)} ${stats.fileBytes} (${store.sql.file})\n`);
    } else {
      const pruned = await store.prune(config.RADAR_RETENTION_DAYS);
      process.stdout.write(`pruned ${JSON.stringify(pruned)} (retention ${config.RADAR_RETENTION_DAYS} days)\n`);
    }
  } finally {
    await store.close();
  }
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err instanceof RadarError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exitCode = 1;
}
