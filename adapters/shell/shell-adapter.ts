/**
 * The terminal adapter, the embedded default: a person (or a pipe) types the same `/radar …` commands for
 * one channel and sees the same digests as plain text. Lines run strictly in order, each finishing before
 * the next; at the end of input every pending line is finished before `onEnd` is called.
 *
 * Shell-only conveniences standing in for buttons and threads: `/shuffle` (the Shuffle button),
 * `/discuss <nn|paper id>` (the Discuss button), `/like <nn>` / `/dislike <nn>` (the 👍/👎 buttons) and
 * `@radar <question>` (a mention in the last thread).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CommandSpec } from '../../src/chat/command-spec.js';
import { parseCommandText } from '../../src/chat/parse-command-text.js';
import type { ChannelRef, ChatAdapter, InboundHandlers, PostedMessage, Responder, ThreadRef } from '../../src/chat/ports.js';
import type { OutboundMessage } from '../../src/chat/message.js';
import { UserError } from '../../src/errors.js';
import { renderText, type Emphasis } from './render-text.js';
import { translator, type Translate } from '../../src/i18n/messages.js';

export interface ShellAdapterOptions {
  readonly input: Readable;
  readonly output: Writable;
  readonly channelName: string;
  /** Show a prompt (a TTY); piped input runs silently. */
  readonly interactive: boolean;
  /** Called once input ended and every line has been handled. */
  readonly onEnd?: () => void;
  /** The channel's language, read before each line (default English). */
  readonly translate?: () => Promise<Translate>;
  /** What a card's reasons hit, in bold on a terminal that shows it (default: plain text). */
  readonly emphasis?: Emphasis;
}

export function createShellAdapter(options: ShellAdapterOptions): ChatAdapter {
  const channel: ChannelRef = { platform: 'shell', id: options.channelName, name: options.channelName };
  const user = { id: 'local-user', name: 'you', canManage: true };
  let messageSeq = 0;
  let threadSeq = 0;
  let lastCards: { index: number; paperId: string }[] = [];
  let currentThread: ThreadRef | undefined;
  let rl: ReturnType<typeof createInterface> | undefined;

  let t: Translate = translator('en');
  const write = (text: string) => options.output.write(`${text}\n`);
  const print = (message: OutboundMessage, prefix = ''): PostedMessage[] => {
    if (message.cards?.length) lastCards = message.cards.map((c) => ({ index: c.index, paperId: c.paperId }));
    const body = renderText(message, t, options.emphasis);
    write(prefix ? body.split('\n').map((l) => `${prefix}${l}`).join('\n') : body);
    write('');
    const paperIds = message.cards?.length ? { paperIds: message.cards.map((c) => c.paperId) } : {};
    return [{ id: `m${++messageSeq}`, channel, ...paperIds }];
  };

  const responderFor = (thread?: ThreadRef): Responder => ({
    reply: async (m) => print(m, thread ? `[thread ${thread.id}] ` : m.ephemeral ? t('shell.onlyYou') : ''),
    progress: async (text) => {
      options.output.write(`… ${text}\n`);
    },
    openThread: async (m, name) => {
      print(m);
      const ref: ThreadRef = { channel, id: `t${++threadSeq}` };
      currentThread = ref;
      write(t('shell.threadOpened', { id: ref.id, name }));
      return ref;
    },
  });

  async function handleLine(line: string, handlers: InboundHandlers, specs: readonly CommandSpec[]): Promise<void> {
    if (options.translate) t = await options.translate();
    const text = line.trim();
    if (!text || text.startsWith('#')) return;
    const responder = responderFor();
    if (text === '/shuffle') return handlers.onAction({ kind: 'shuffle', channel, user }, responder);
    const discuss = /^\/discuss\s+(\S+)$/.exec(text);
    if (discuss) {
      const ref = discuss[1]!;
      const byNumber = lastCards.find((c) => c.index === Number(ref));
      if (!byNumber && /^\d{1,3}$/.test(ref)) {
        print({ text: t('shell.noCard', { ref }), ephemeral: true }, t('shell.onlyYou'));
        return;
      }
      return handlers.onAction({ kind: 'discuss', channel, user, paperId: byNumber?.paperId ?? ref }, responder);
    }
    const vote = /^\/(like|dislike)\s+(\S+)$/.exec(text);
    if (vote) {
      const card = lastCards.find((c) => c.index === Number(vote[2]));
      if (!card && /^\d{1,3}$/.test(vote[2]!)) {
        print({ text: `No card ${vote[2]} in the last cards shown. Run /radar digest first.`, ephemeral: true }, '(only you) ');
        return;
      }
      return handlers.onAction({ kind: 'vote', channel, user, paperId: card?.paperId ?? vote[2]!, vote: vote[1] === 'like' ? 1 : -1 }, responder);
    }
    const mention = /^@radar\b\s*(.*)$/i.exec(text);
    if (mention) {
      if (!currentThread) {
        write(t('shell.noThread'));
        return;
      }
      return handlers.onThreadMessage({ thread: currentThread, user, text: mention[1] ?? '' }, responderFor(currentThread));
    }
    try {
      const parsed = parseCommandText(text, specs);
      await handlers.onCommand({ name: parsed.name, options: parsed.options, channel, user }, responder);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      await handlers.onUserError(channel, err, responder);
    }
  }

  return {
    platform: 'shell',
    async start(handlers, specs) {
      rl = createInterface({ input: options.input, terminal: false });
      let chain = Promise.resolve();
      const prompt = () => {
        if (options.interactive) options.output.write('radar> ');
      };
      if (options.interactive) write(t('shell.welcome', { channel: channel.id }));
      prompt();
      rl.on('line', (line) => {
        chain = chain
          .then(() => handleLine(line, handlers, specs))
          .catch((err: unknown) => write(`error: ${(err as Error).message}`))
          .then(prompt);
      });
      rl.on('close', () => {
        void chain.then(() => options.onEnd?.());
      });
    },
    async stop() {
      rl?.close();
    },
    async post(_channel, message) {
      return print(message, `[#${_channel.id}] `);
    },
    async reply(thread, message) {
      return print(message, `[thread ${thread.id}] `);
    },
  };
}
