/**
 * The dispatch boundary: the only place that catches. A UserError goes back to the user, ephemeral; any
 * other error is logged with context and the user gets a short apology. Commands, buttons and thread
 * messages all enter here.
 */
import type { RadarCommand } from '../chat/command.js';
import { cleanOutboundText, cleanUserText } from '../chat/edge-text.js';
import { channelKey, threadKeyOf, type ChannelRef, type CommandInvocation, type InboundHandlers, type Responder } from '../chat/ports.js';
import type { ChannelSettings } from '../store/ports.js';
import { cardNumber, type OutboundMessage } from '../chat/message.js';
import { StoreError, UserError } from '../errors.js';
import { translator, type Translate } from '../i18n/messages.js';
import { toCard } from '../digest/cards.js';
import type { Paper } from '../papers/paper.js';
import type { RadarServices } from '../services.js';
import { sanitizeOutbound } from './chat-router.js';
import { handleReaction, handleVoteAction } from './feedback-dispatch.js';

export interface ThreadAnswerer {
  /** Answers a question about `paper` in the thread; the caller records the turns. */
  answer(input: {
    threadKey: string;
    paper: Paper;
    question: string;
    language: 'en' | 'zh';
    progress: (text: string) => Promise<void>;
    /** Who asked, where (per-user limits and the payer of the call). */
    asker?: { channel: ChannelRef; userId: string };
  }): Promise<string>;
}

const THREAD_NAME_MAX = 100;

/** Without an LLM, a thread question is answered with the paper's details and links. */
export function paperDetails(paper: Paper): string {
  const lines = [
    `**${paper.title}**`,
    paper.authors.map((a) => a.name).join(', '),
    paper.categories.length ? `Categories: ${paper.categories.join(', ')}` : '',
    paper.journalRef ? `Journal ref: ${paper.journalRef}` : '',
    paper.doi ? `DOI: ${paper.doi}` : '',
    paper.comments ? `Comments: ${paper.comments}` : '',
    '',
    paper.abstract,
    '',
    [paper.absUrl && `[Abstract](${paper.absUrl})`, paper.pdfUrl && `[PDF](${paper.pdfUrl})`].filter(Boolean).join(' · '),
  ];
  return lines.filter((l, i) => l !== '' || (i > 0 && lines[i - 1] !== '')).join('\n');
}

export function createDispatcher(deps: {
  services: RadarServices;
  commands: readonly RadarCommand[];
  answerer?: ThreadAnswerer;
}): InboundHandlers {
  const { services, commands } = deps;
  const { store, logger } = services;

  // The language only words the reply: when the store cannot say it, English it is, and the handler's own
  // store calls fail and are answered "storage is busy".
  const translate = async (key: string): Promise<Translate> => (await readSettings(key)).t;
  /** The channel's settings and its language, read once per command; English when the store cannot say. */
  async function readSettings(key: string): Promise<{ t: Translate; settings?: ChannelSettings }> {
    const settings = await store.channels.getSettings(key).catch(() => undefined);
    return settings ? { t: translator(settings.language), settings } : { t: translator('en') };
  }

  /** Whatever a command or model produced, mass mentions never reach a platform. */
  const safe = (responder: Responder): Responder => ({
    reply: (m) => responder.reply(sanitizeOutbound(m)),
    progress: (text) => responder.progress(sanitizeOutbound({ text }).text),
    openThread: (m, name) => responder.openThread(sanitizeOutbound(m), sanitizeOutbound({ text: name }).text),
  });

  async function guarded(what: Record<string, unknown>, raw: Responder, t: Translate, work: (responder: Responder) => Promise<void>) {
    const responder = safe(raw);
    try {
      await work(responder);
    } catch (err) {
      if (err instanceof UserError) {
        await responder.reply({ text: err.translate(t), ephemeral: true });
        return;
      }
      if (err instanceof StoreError) {
        logger.warn({ err, ...what }, 'store unavailable; nothing was changed');
        await responder.reply({ text: t('error.storeBusy'), ephemeral: true }).catch((e: unknown) => {
          logger.error({ err: e, ...what }, 'could not report the store failure');
        });
        return;
      }
      logger.error({ err, ...what }, 'handler failed');
      await responder.reply({ text: t('error.generic'), ephemeral: true }).catch((e: unknown) => {
        logger.error({ err: e, ...what }, 'could not even apologise');
      });
    }
  }

  return {
    async onCommand(rawInvocation, rawResponder) {
      const invocation = cleanInvocation(rawInvocation);
      const key = channelKey(invocation.channel);
      const { t, settings } = await readSettings(key);
      await guarded({ command: invocation.name, channel: key }, rawResponder, t, async (responder) => {
        const command = commands.find((c) => c.spec.name === invocation.name);
        if (!command) throw new UserError('unknown_command', 'error.unknownCommand', { name: invocation.name });
        if (command.spec.requiresManager && !invocation.user.canManage) throw new UserError('forbidden', 'sub.needManager');
        await command.execute({ invocation, responder, services, t, ...(settings ? { settings } : {}) });
      });
    },

    async onAction(action, rawResponder) {
      const key = channelKey(action.channel);
      const t = await translate(key);
      await guarded({ action: action.kind, channel: key }, rawResponder, t, async (responder) => {
        if (action.kind === 'shuffle') {
          await services.digests.more(action.channel, (m) => responder.reply(m));
          return;
        }
        if (action.kind === 'vote') return handleVoteAction(action, responder, services.feedback, t);
        const paper = action.paperId ? await services.findPaper(action.paperId) : undefined;
        if (!paper) throw new UserError('unknown_paper', 'paper.unknown', { id: action.paperId ?? '?' });
        const card = toCard(paper, 1, []);
        const message: OutboundMessage = { text: `💬 ${cardNumber(1)} **${paper.title}**`, cards: [card] };
        const thread = await responder.openThread(message, paper.title.slice(0, THREAD_NAME_MAX));
        const threadKey = threadKeyOf(key, thread.id);
        await store.threads.bind(threadKey, paper.id);
        await store.ledger.update(key, paper.id, { threadId: thread.id });
        await services.chat.reply(thread, { text: t('thread.paper') });
      });
    },

    async onThreadMessage(rawMessage, rawResponder) {
      const message = { ...rawMessage, text: cleanUserText(rawMessage.text) };
      const key = channelKey(message.thread.channel);
      const t = await translate(key);
      await guarded({ thread: message.thread.id, channel: key }, rawResponder, t, async (responder) => {
        if (message.eventId && !(await store.threads.markEventSeen(message.eventId))) return;
        const threadKey = threadKeyOf(key, message.thread.id);
        const paperId = await store.threads.paperOf(threadKey);
        const paper = paperId ? await store.papers.get(paperId) : undefined;
        if (!paper) {
          await responder.reply({ text: t('thread.unknown') });
          return;
        }
        const now = () => services.clock.now().toISOString();
        const settings = await store.channels.getSettings(key);
        const answerer = deps.answerer;
        const answer = answerer
          ? await answerer.answer({
              threadKey,
              paper,
              question: message.text,
              language: settings.language,
              progress: (p) => responder.progress(p),
              asker: { channel: message.thread.channel, userId: message.user.id },
            })
          : paperDetails(paper);
        // the answer (a model's, or the paper's own text from a feed) is stored before it is sent: no control character may stop the store
        const text = cleanOutboundText(answer);
        await store.threads.appendTurn(threadKey, { role: 'user', text: message.text, at: now(), userId: message.user.id });
        await store.threads.appendTurn(threadKey, { role: 'assistant', text, at: now() });
        await responder.reply({ text });
      });
    },

    async onUserError(channel, error, rawResponder) {
      const t = await translate(channelKey(channel));
      await safe(rawResponder).reply({ text: error.translate(t), ephemeral: true });
    },

    onReaction: (reaction) => handleReaction(reaction, services.feedback, logger),

    async onAutocomplete(request) {
      const command = commands.find((c) => c.spec.name === request.command);
      if (!command?.autocomplete) return [];
      try {
        return (await command.autocomplete(request, services)).slice(0, 25);
      } catch (err) {
        logger.warn({ err, command: request.command }, 'autocomplete failed');
        return [];
      }
    },
  };
}

/** The invocation with every text option cleaned (see edge-text.ts), before any command parses or stores it. */
function cleanInvocation(invocation: CommandInvocation): CommandInvocation {
  const options: Record<string, string | number | boolean | undefined> = {};
  for (const [name, value] of Object.entries(invocation.options)) options[name] = typeof value === 'string' ? cleanUserText(value) : value;
  return { ...invocation, options };
}
