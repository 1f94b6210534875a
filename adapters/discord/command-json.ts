/**
 * The neutral command registry → one Discord `/radar` chat-input command whose subcommands are the specs.
 * Pure, so the deploy script, the adapter and the tests all build the exact same JSON.
 */
import type { CommandSpec, OptionSpec } from '../../src/chat/command-spec.js';
import { oneLine, truncate } from './markdown.js';

export const ROOT_COMMAND = 'radar';
const ROOT_DESCRIPTION = 'Research radar: subscribe this channel to papers and get daily digests';

/** Discord application command option types used here. */
const OPTION_TYPE = { subcommand: 1, string: 3, integer: 4, boolean: 5 } as const;

export interface CommandOptionJson {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string | number }[];
  autocomplete?: boolean;
  options?: CommandOptionJson[];
}

export interface RadarCommandJson {
  type: 1;
  name: string;
  description: string;
  /** Guild only (0 = GUILD): channel subscriptions make no sense in DMs. */
  contexts: number[];
  integration_types: number[];
  options: CommandOptionJson[];
}

const desc = (text: string): string => truncate(oneLine(text), 100) || '—';

function optionJson(o: OptionSpec): CommandOptionJson {
  const json: CommandOptionJson = { type: OPTION_TYPE[o.type], name: o.name, description: desc(o.description), required: Boolean(o.required) };
  if (o.choices?.length) {
    json.choices = o.choices.slice(0, 25).map((c) => ({
      name: truncate(c.name, 100),
      value: o.type === 'integer' ? Number(c.value) : truncate(c.value, 100),
    }));
  } else if (o.autocomplete && o.type !== 'boolean') {
    json.autocomplete = true; // Discord refuses autocomplete together with fixed choices
  }
  return json;
}

/**
 * Build the `/radar` command. Required options come first (Discord refuses a required option after an
 * optional one); at most 25 subcommands fit, so a larger registry is a programming error.
 */
export function buildRadarCommand(specs: readonly CommandSpec[]): RadarCommandJson {
  if (specs.length > 25) throw new Error(`Discord allows 25 subcommands under /${ROOT_COMMAND}; got ${specs.length}`);
  return {
    type: 1,
    name: ROOT_COMMAND,
    description: ROOT_DESCRIPTION,
    contexts: [0],
    integration_types: [0],
    options: specs.map((s) => ({
      type: OPTION_TYPE.subcommand,
      name: s.name,
      description: desc(s.description),
      options: [...s.options.filter((o) => o.required), ...s.options.filter((o) => !o.required)].slice(0, 25).map(optionJson),
    })),
  };
}
