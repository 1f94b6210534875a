/**
 * Autocomplete for `/radar settings <name> <value>` (Discord): the values the named setting takes that fit
 * what is typed — time zones by any part of their name (`shang` → Asia/Shanghai), digest days (completing the
 * last day of a list: `mon,t` → `mon,thu`, `mon,tue`), times, sizes, languages, on/off. Nothing before a
 * setting is named.
 */
import type { AutocompleteChoice } from '../src/chat/ports.js';
import { WEEKDAYS } from '../src/digest/digest-days.js';

const MAX_CHOICES = 25;

/** Every IANA zone this runtime knows (the same list `/radar settings timezone` accepts), UTC first. */
const TIME_ZONES: readonly string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
const DAY_PRESETS = ['every', 'weekdays', 'mon', 'mon,thu', 'mon,wed,fri'];
const MON_FIRST = [...WEEKDAYS.slice(1), WEEKDAYS[0]];
const TIMES = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
const SIZES = ['5', '10', '15', '20', '25'];
const ON_OFF = ['on', 'off'];
const PAUSES = ['off', '1w', '2w', '3w', '10d', 'on'];

export function settingCompletions(name: string | undefined, partial: string): AutocompleteChoice[] {
  const typed = partial.trim();
  const lower = typed.toLowerCase();
  const starting = (values: readonly string[]) => values.filter((v) => v.startsWith(lower));
  let values: readonly string[];
  switch (name) {
    case 'timezone':
      values = timeZones(lower);
      break;
    case 'days':
      values = days(lower);
      break;
    case 'time':
      values = TIMES.filter((t) => t.startsWith(lower) || t.startsWith(`0${lower}`));
      break;
    case 'size':
      values = starting(SIZES);
      break;
    case 'language':
      values = starting(['en', 'zh']);
      break;
    case 'pause':
      values = starting(PAUSES);
      break;
    case 'summaries': case 'crosslists': case 'replacements': case 'learning': case 'quiet':
      values = starting(ON_OFF);
      break;
    default:
      values = [];
  }
  return values.slice(0, MAX_CHOICES).map((v) => ({ name: v, value: v }));
}

/** Zones whose name starts with what is typed first, then those with it elsewhere (`york` → America/New_York). */
function timeZones(lower: string): string[] {
  const key = lower.replace(/\s+/g, '_');
  const starts = TIME_ZONES.filter((z) => z.toLowerCase().startsWith(key));
  const inside = TIME_ZONES.filter((z) => !z.toLowerCase().startsWith(key) && z.toLowerCase().includes(key));
  return [...starts, ...inside];
}

/** Presets for a fresh value; in a list, the days after the last comma that start with what follows it. */
function days(lower: string): string[] {
  const cut = Math.max(lower.lastIndexOf(','), lower.lastIndexOf(' '));
  if (cut < 0) return [...DAY_PRESETS, ...MON_FIRST].filter((v, i, all) => v.startsWith(lower) && all.indexOf(v) === i);
  const head = lower.slice(0, cut).replace(/[\s,]+/g, ',').replace(/^,|,$/g, '');
  const last = lower.slice(cut + 1);
  const chosen = new Set(head.split(','));
  return MON_FIRST.filter((d) => d.startsWith(last) && !chosen.has(d)).map((d) => `${head},${d}`);
}
