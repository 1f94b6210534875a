/**
 * The Slack adapter: a Bolt App in Socket Mode (when an app-level token is given) or HTTP mode (Bolt's
 * HTTPReceiver on `/slack/events`, signatures checked). It acks every command, action and event at once,
 * then hands the neutral invocation to the core; scheduled digests go out through the Web API.
 */
import { App, HTTPReceiver, SocketModeReceiver, webApi, type Receiver } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CommandSpec } from '../../src/chat/command-spec.js';
import type { OutboundMessage } from '../../src/chat/message.js';
import { parseCommandText } from '../../src/chat/parse-command-text.js';
import type { ChannelRef, ChatAdapter, InboundHandlers, PostedMessage, RequestPacer, ThreadRef, UserRef } from '../../src/chat/ports.js';
import { UserError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { toBoltLogger } from './bolt-logger.js';
import { outcomeUnknown, postPayloads } from './delivery.js';
import { DISCUSS_ACTION, renderMessage, SHUFFLE_ACTION } from './render.js';
import { createManagerPolicy, type ManagerPolicy } from './managers.js';
import { SlackResponder } from './responders.js';
import { registerFeedbackEvents } from './feedback-events.js';

type WebClient = InstanceType<typeof webApi.WebClient>;
type RetryOptions = NonNullable<ConstructorParameters<typeof webApi.WebClient>[1]>['retryConfig'];

export interface SlackAdapterOptions {
  /** `xoxb-…`: every Web API call. */
  readonly botToken: string;
  /** `xapp-…`: selects Socket Mode. Without it the adapter serves HTTP and needs `signingSecret`. */
  readonly appToken?: string;
  readonly signingSecret?: string;
  /** Web API base (default `https://slack.com/api/`); also where Socket Mode opens its connection. */
  readonly apiUrl?: string;
  /** HTTP mode port (0 = any free port, for tests). */
  readonly port?: number;
  /**
   * User ids allowed to manage subscriptions. Empty: workspace admins/owners and the channel's creator;
   * `*`: every member. Guests never.
   */
  readonly managers?: readonly string[];
  readonly logger: Logger;
  /** Web API retry policy; 429s always wait for `Retry-After` first. */
  readonly retryConfig?: RetryOptions;
  /** How long a Web API call may go unanswered before it fails (default 30 s; tests shorten it). */
  readonly requestTimeoutMs?: number;
  /** Socket Mode ping timeouts (ms). The client reconnects after a lost socket with this delay. */
  readonly clientPingTimeoutMs?: number;
  readonly serverPingTimeoutMs?: number;
  /**
   * Hold a Socket Mode connection / the HTTP receiver and answer interactions (default true). False: Web API
   * only, for a cluster worker that just posts digests.
   */
  readonly gateway?: boolean;
  /** Cluster mode: each chat.postMessage of a post waits for its cluster-wide slot. */
  readonly pacer?: RequestPacer;
}

/** A ChatAdapter with the Slack-specific facts tests and operators need. */
export interface SlackAdapter extends ChatAdapter {
  readonly mode: 'socket' | 'http';
  /** HTTP mode, after start: the URL to give Slack as request URL. */
  readonly requestUrl: string | undefined;
  /** The bot's own user id (from auth.test at start). */
  readonly botUserId: string | undefined;
  /** Resolves once every inbound request received so far has been fully handled. */
  idle(): Promise<void>;
}

const DEFAULT_RETRY: RetryOptions = webApi.retryPolicies.fiveRetriesInFiveMinutes;
/** Every Web API call's limit: a call Slack never answers fails (and is retried) instead of holding a digest forever. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * The digest-posting client's policy: a rate-limited call is retried (Slack did not take it); a call whose
 * outcome is unknown goes back to postKeyed (delivery.ts), which reads the history before sending it again.
 */
function rateLimitsOnly(policy: RetryOptions): RetryOptions {
  // the client hands its retry options to p-retry as they are; p-retry ends the retrying when this throws
  // (test/e2e/slack-repost.test.ts fails if it ever stops doing so)
  const withStop: RetryOptions & { onFailedAttempt(error: Error): void } = {
    ...policy,
    onFailedAttempt: (error) => {
      if (outcomeUnknown(error)) throw error;
    },
  };
  return withStop;
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  return new BoltSlackAdapter(options);
}

class BoltSlackAdapter implements SlackAdapter {
  readonly platform = 'slack' as const;
  readonly mode: 'socket' | 'http';
  requestUrl: string | undefined;
  botUserId: string | undefined;
  private readonly client: WebClient;
  private readonly clientOptions: ConstructorParameters<typeof webApi.WebClient>[1];
  /** Posts digests and thread replies (adapter.post / reply): see rateLimitsOnly. */
  private readonly postClient: WebClient;
  private readonly managers: ManagerPolicy;
  private readonly inflight = new Set<Promise<unknown>>();
  private app: App | undefined;

  constructor(private readonly options: SlackAdapterOptions) {
    if (!options.appToken && !options.signingSecret) throw new Error('Slack HTTP mode needs SLACK_SIGNING_SECRET');
    this.mode = options.appToken ? 'socket' : 'http';
    this.clientOptions = {
      slackApiUrl: options.apiUrl ?? 'https://slack.com/api/',
      retryConfig: options.retryConfig ?? DEFAULT_RETRY,
      rejectRateLimitedCalls: false,
      timeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      logger: toBoltLogger(options.logger),
    };
    this.client = new webApi.WebClient(options.botToken, this.clientOptions);
    this.postClient = new webApi.WebClient(options.botToken, { ...this.clientOptions, retryConfig: rateLimitsOnly(options.retryConfig ?? DEFAULT_RETRY) });
    this.managers = createManagerPolicy({ client: this.client, managers: options.managers ?? [], logger: options.logger });
  }

  async start(handlers: InboundHandlers, commands: readonly CommandSpec[]): Promise<void> {
    if (this.managers.openToEveryone) {
      this.options.logger.warn('Slack: RADAR_SLACK_MANAGERS=* lets every channel member (not guests) change subscriptions, settings and feeds');
    }
    const auth = await this.client.auth.test();
    this.botUserId = auth.user_id;
    if (this.options.gateway === false) {
      this.options.logger.info('Slack adapter: Web API only (no gateway role)');
      return;
    }
    const logger = toBoltLogger(this.options.logger);
    const inner: Receiver =
      this.mode === 'socket'
        ? new SocketModeReceiver({
            appToken: this.options.appToken!,
            logger,
            clientPingTimeout: this.options.clientPingTimeoutMs,
            serverPingTimeout: this.options.serverPingTimeoutMs,
            // The same base URL (and retry policy) as the Web API, so apps.connections.open follows SLACK_API_URL.
            installerOptions: { clientOptions: { ...this.clientOptions } },
          })
        : new HTTPReceiver({ signingSecret: this.options.signingSecret!, endpoints: '/slack/events', logger, processBeforeResponse: false });
    const app = new App({
      token: this.options.botToken,
      botId: auth.bot_id,
      botUserId: auth.user_id,
      tokenVerificationEnabled: false,
      receiver: this.tracking(inner),
      clientOptions: { ...this.clientOptions },
      logger,
    });
    this.app = app;
    this.register(app, handlers, commands);
    const started = (await (this.mode === 'http' ? app.start(this.options.port ?? 3000) : app.start())) as unknown;
    if (this.mode === 'http') {
      const address = (started as Server).address() as AddressInfo;
      this.requestUrl = `http://127.0.0.1:${address.port}/slack/events`;
      this.options.logger.info({ port: address.port }, 'Slack HTTP mode: request URL path /slack/events');
    } else {
      this.options.logger.info('Slack Socket Mode connected');
    }
  }

  async stop(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    if (app) await app.stop();
  }

  post(channel: ChannelRef, message: OutboundMessage): Promise<PostedMessage[]> {
    return postPayloads(this.postClient, channel, renderMessage(message), undefined, message.delivery, this.options.pacer);
  }

  reply(thread: ThreadRef, message: OutboundMessage): Promise<PostedMessage[]> {
    return postPayloads(this.postClient, thread.channel, renderMessage(message), thread.id, message.delivery, this.options.pacer);
  }

  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  /**
   * Wraps the receiver so each delivery is tracked from the moment it arrives, before Bolt acks it
   * (events are acked before any listener runs), which is what makes `idle()` exact.
   */
  private tracking(inner: Receiver): Receiver {
    return {
      init: (app: App) =>
        inner.init({
          processEvent: (event: Parameters<App['processEvent']>[0]) => {
            const work = app.processEvent(event);
            this.inflight.add(work);
            return work.finally(() => this.inflight.delete(work));
          },
        } as unknown as App),
      start: (...args: unknown[]) => (inner.start as (...a: unknown[]) => Promise<unknown>)(...args),
      stop: (...args: unknown[]) => (inner.stop as (...a: unknown[]) => Promise<unknown>)(...args),
    };
  }

  /** A user as the core sees them; `canManage` is asked of Slack only for commands (cached). */
  private async user(id: string, name: string | undefined, manageIn?: string): Promise<UserRef> {
    return { id, name, canManage: manageIn === undefined ? false : await this.managers.canManage(id, manageIn) };
  }

  private register(app: App, handlers: InboundHandlers, commands: readonly CommandSpec[]): void {
    const log = this.options.logger;
    const client = this.client;

    app.command('/radar', async ({ command, ack, respond }) => {
      // Ack first, always: slow commands (digest, LLM) would miss Slack's 3-second window otherwise.
      await ack();
      const channel: ChannelRef = { platform: 'slack', id: command.channel_id, name: command.channel_name, workspaceId: command.team_id };
      const user = await this.user(command.user_id, command.user_name, command.channel_id);
      const responder = new SlackResponder({ client, channel, user, respond });
      let parsed;
      try {
        parsed = parseCommandText(command.text ?? '', commands);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        await handlers.onUserError(channel, error, responder);
        return;
      }
      await handlers.onCommand({ name: parsed.name, options: parsed.options, channel, user }, responder);
    });

    app.action(new RegExp(`^(${SHUFFLE_ACTION}|${DISCUSS_ACTION})(:\\d+)?$`), async ({ ack, body, action, respond }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
      const channelId = body.channel?.id ?? body.container?.channel_id;
      if (!channelId) return;
      const channel: ChannelRef = { platform: 'slack', id: channelId, name: body.channel?.name, workspaceId: body.team?.id };
      const user = await this.user(body.user.id, body.user.name);
      const responder = new SlackResponder({ client, channel, user, respond });
      const kind = action.action_id.startsWith(SHUFFLE_ACTION) ? 'shuffle' : 'discuss';
      await handlers.onAction({ kind, channel, user, ...(kind === 'discuss' ? { paperId: action.value } : {}) }, responder);
    });

    const onThreadText = async (ev: { channel: string; user?: string; text?: string; ts: string; thread_ts?: string; team?: string }, eventId: string | undefined) => {
      if (!ev.user) return;
      const channel: ChannelRef = { platform: 'slack', id: ev.channel, workspaceId: ev.team };
      const threadTs = ev.thread_ts ?? ev.ts;
      const user = await this.user(ev.user, undefined);
      const text = stripMention(ev.text ?? '', this.botUserId);
      const responder = new SlackResponder({ client, channel, user, threadTs });
      await handlers.onThreadMessage({ thread: { channel, id: threadTs }, user, text, eventId }, responder);
    };

    app.event('app_mention', async ({ event, body }) => {
      await onThreadText(event, body.event_id);
    });

    // Replies in threads the bot started, without a mention (needs message.channels / message.groups).
    app.event('message', async ({ event, body }) => {
      const ev = event as { subtype?: string; bot_id?: string; thread_ts?: string; ts: string; parent_user_id?: string; text?: string; user?: string; channel: string; team?: string };
      if (ev.subtype && ev.subtype !== 'thread_broadcast') return;
      if (ev.bot_id || !ev.thread_ts || ev.thread_ts === ev.ts) return;
      if (!this.botUserId || ev.parent_user_id !== this.botUserId) return;
      // A reply that mentions the bot also arrives as app_mention; answer that one only.
      if ((ev.text ?? '').includes(`<@${this.botUserId}`)) return;
      await onThreadText(ev, body.event_id);
    });

    registerFeedbackEvents(app, {
      handlers,
      user: (id, name) => this.user(id, name),
      responder: (channel, user, respond) => new SlackResponder({ client, channel, user, respond }),
    });

    app.error(async (error) => {
      log.error({ err: error }, 'Slack listener failed');
    });
  }
}

/** Removes `<@BOT>` / `<@BOT|name>` mentions of the bot and trims. */
export function stripMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
