/**
 * Commands are declared once, platform-neutrally. Discord turns a spec into typed slash-command options,
 * Slack and the shell parse their one line of text against the same spec (see parse-command-text.ts).
 */

export type OptionType = 'string' | 'integer' | 'boolean';

export interface OptionSpec {
  /** 1–32 lowercase chars (Discord's rule, kept for every platform). */
  readonly name: string;
  /** ≤ 100 chars. */
  readonly description: string;
  readonly type: OptionType;
  readonly required?: boolean;
  readonly choices?: readonly { readonly name: string; readonly value: string }[];
  /** Offer completions (Discord autocomplete) from InboundHandlers.onAutocomplete. */
  readonly autocomplete?: boolean;
  /**
   * Takes the rest of the line, quotes included, in text platforms (the query of `add`). At most one,
   * and it must be the last option.
   */
  readonly rest?: boolean;
}

export interface CommandSpec {
  /** Subcommand name under `/radar`. */
  readonly name: string;
  /** ≤ 100 chars. */
  readonly description: string;
  readonly options: readonly OptionSpec[];
  /** Changes channel state: needs the platform's manager permission (Discord Manage Channels…). */
  readonly requiresManager?: boolean;
  /** May take longer than the 3 s acknowledgement window: adapters defer before running it. */
  readonly slow?: boolean;
  /** One-line usage, e.g. `/radar add <query>`. */
  readonly usage: string;
  /** Example lines for help. */
  readonly examples?: readonly string[];
}
