/**
 * The shape of one `/radar` subcommand: a neutral spec (declared once for every platform) and an
 * `execute` that answers through the Responder. Commands hold no platform code and little logic: they
 * validate options and call the core's services.
 */
import type { CommandSpec } from './command-spec.js';
import type { AutocompleteChoice, AutocompleteRequest, CommandInvocation, Responder } from './ports.js';
import type { ChannelSettings } from '../store/ports.js';
import type { RadarServices } from '../services.js';
import type { Translate } from '../i18n/messages.js';

export interface CommandContext {
  readonly invocation: CommandInvocation;
  readonly responder: Responder;
  readonly services: RadarServices;
  /** Fixed messages in the channel's language. */
  readonly t: Translate;
  /**
   * The channel's settings as read for its language at the start of this command (absent when the store
   * could not say: a command that needs them then asks and gets the store's error).
   */
  readonly settings?: ChannelSettings;
}

export interface RadarCommand {
  readonly spec: CommandSpec;
  execute(ctx: CommandContext): Promise<void>;
  autocomplete?(request: AutocompleteRequest, services: RadarServices): Promise<AutocompleteChoice[]>;
}

/** Reads a string option, trimmed; undefined when absent or blank. */
export function stringOption(invocation: CommandInvocation, name: string): string | undefined {
  const v = invocation.options[name];
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}
