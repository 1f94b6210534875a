/**
 * `npm run slack:manifest [-- --http https://your.host]` prints the Slack app manifest JSON for the
 * current command registry (Socket Mode by default; `--http` for request URLs under /slack/events).
 */
import { commandSpecs } from '../../commands/index.js';
import { buildSlackManifest } from './manifest.js';

const args = process.argv.slice(2);
const i = args.indexOf('--http');
const httpBaseUrl = i >= 0 ? args[i + 1] : undefined;
process.stdout.write(`${JSON.stringify(buildSlackManifest(commandSpecs, { httpBaseUrl }), null, 2)}\n`);
