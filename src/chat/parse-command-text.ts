/**
 * Text platforms (the shell, Slack's one `text` string) parse `/radar <sub> <args>` against the same
 * neutral specs Discord turns into typed options. Positional arguments fill options in declared order;
 * `name:value` / `--name value` forms are accepted for non-rest options; a `rest` option takes the remainder
 * of the line verbatim (quotes kept), which is what a query needs.
 */
import type { CommandSpec, OptionSpec } from './command-spec.js';
import { UserError } from '../errors.js';

export interface ParsedCommandText {
  readonly name: string;
  readonly options: Record<string, string | number | boolean | undefined>;
}

const MAX_LINE = 4000;

/** Splits off the next whitespace-separated word, honouring double quotes. */
function nextWord(text: string): { word: string; rest: string } | undefined {
  const s = text.trimStart();
  if (!s) return undefined;
  if (s.startsWith('"')) {
    const end = s.indexOf('"', 1);
    if (end < 0) throw new UserError('command_syntax', 'cmd.unbalancedQuote', { text: s });
    return { word: s.slice(1, end), rest: s.slice(end + 1) };
  }
  const m = /^\S+/.exec(s)!;
  return { word: m[0], rest: s.slice(m[0].length) };
}

function coerce(option: OptionSpec, raw: string, command: string): string | number | boolean {
  if (option.type === 'integer') {
    const n = Number(raw.replace(/^#/, ''));
    if (!Number.isInteger(n)) {
      throw new UserError('command_syntax', 'cmd.expectsInteger', { option: option.name, command, raw });
    }
    return n;
  }
  if (option.type === 'boolean') {
    const v = raw.toLowerCase();
    if (['true', 'on', 'yes', '1'].includes(v)) return true;
    if (['false', 'off', 'no', '0'].includes(v)) return false;
    throw new UserError('command_syntax', 'cmd.expectsBoolean', { option: option.name, raw });
  }
  if (option.choices && !option.choices.some((c) => c.value === raw)) {
    const allowed = option.choices.map((c) => c.value).join(', ');
    throw new UserError('command_syntax', 'cmd.expectsChoice', { option: option.name, allowed, raw });
  }
  return raw;
}

/**
 * Parse `[/radar] <subcommand> [args…]`. An empty line (or just `/radar`) means `help`.
 * @throws UserError for an unknown subcommand, a missing required option or a malformed value.
 */
export function parseCommandText(text: string, specs: readonly CommandSpec[]): ParsedCommandText {
  if (text.length > MAX_LINE) throw new UserError('command_too_long', 'cmd.tooLong', { length: text.length, limit: MAX_LINE });
  let line = text.trim().replace(/^\/radar\b/i, '').trim();
  if (!line) return { name: 'help', options: {} };
  const first = nextWord(line)!;
  const name = first.word.toLowerCase();
  const spec = specs.find((s) => s.name === name);
  if (!spec) {
    throw new UserError('unknown_command', 'cmd.unknown', { word: first.word, commands: specs.map((s) => s.name).join(', ') });
  }
  line = first.rest;
  const options: Record<string, string | number | boolean | undefined> = {};
  const positional = spec.options.filter((o) => !o.rest);
  const restOption = spec.options.find((o) => o.rest);
  let nextPositional = 0;
  while (line.trim()) {
    if (restOption && nextPositional >= positional.length) {
      options[restOption.name] = line.trim();
      break;
    }
    const named = /^\s*(?:--([a-z][a-z0-9_-]*)(?:=|\s+)|([a-z][a-z0-9_-]*)[:=](?=\S))/i.exec(line);
    const namedOpt = named && spec.options.find((o) => o.name === (named[1] ?? named[2])?.toLowerCase() && !o.rest);
    if (named && namedOpt) {
      const w = nextWord(line.slice(named[0].length));
      if (!w) throw new UserError('command_syntax', 'cmd.needsValue', { option: namedOpt.name });
      options[namedOpt.name] = coerce(namedOpt, w.word, spec.name);
      line = w.rest;
      continue;
    }
    const option = positional[nextPositional];
    if (!option) {
      if (restOption) {
        options[restOption.name] = line.trim();
        break;
      }
      throw new UserError('command_syntax', 'cmd.tooManyArgs', { command: spec.name, usage: spec.usage });
    }
    const w = nextWord(line)!;
    options[option.name] = coerce(option, w.word, spec.name);
    nextPositional++;
    line = w.rest;
  }
  for (const o of spec.options) {
    if (o.required && (options[o.name] === undefined || options[o.name] === '')) {
      throw new UserError('command_syntax', 'cmd.missing', { option: o.name, command: spec.name, usage: spec.usage });
    }
  }
  return { name: spec.name, options };
}
