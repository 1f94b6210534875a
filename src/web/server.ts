/**
 * The radar's web server (Fastify, in the radar's process): the channel and topic pages, votes, adding a
 * subscription from a manager link, `/healthz` and `/metrics`. Helmet sets a Content-Security-Policy that
 * allows scripts and styles only from this server (no inline script), and every page is rate-limited.
 */
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import formbody from '@fastify/formbody';
import type { WebDeps } from './deps.js';
import { registerPageRoutes } from './routes.js';
import { errorPage } from './render/error-page.js';

declare module 'fastify' {
  interface FastifyRequest {
    startedAt: number;
  }
}

export interface RunningWebServer {
  /** Base URL the server listens on (`http://127.0.0.1:8080`). */
  readonly url: string;
  close(): Promise<void>;
}

const ASSETS = fileURLToPath(new URL('./assets/', import.meta.url));

export async function buildWebApp(deps: WebDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: false, bodyLimit: 64 * 1024 });
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(rateLimit, { max: deps.rateLimitPerMinute ?? 300, timeWindow: 60_000 });
  await app.register(formbody);
  await app.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', maxAge: 3_600_000, index: false, list: false });

  // Server time of each response, for operators and `npm run bench` (the page's p95 target is server-side).
  app.decorateRequest('startedAt', 0);
  app.addHook('onRequest', async (req) => {
    req.startedAt = performance.now();
  });
  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('server-timing', `app;dur=${(performance.now() - req.startedAt).toFixed(2)}`);
    return payload;
  });
  app.setErrorHandler((err, req, reply) => {
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status >= 500) deps.logger.error({ err, url: req.url.replace(/t=[^&]+/, 't=…') }, 'web request failed');
    void reply.code(status).type('text/html; charset=utf-8').send(errorPage(status));
  });
  app.setNotFoundHandler((_req, reply) => void reply.code(404).type('text/html; charset=utf-8').send(errorPage(404)));

  app.get('/healthz', async (_req, reply) => {
    const report = await deps.health();
    return reply.code(report.ok ? 200 : 503).send(report);
  });
  app.get('/metrics', async (req, reply) => {
    if (!deps.metricsToken) return reply.code(404).type('text/html; charset=utf-8').send(errorPage(404));
    if (req.headers.authorization !== `Bearer ${deps.metricsToken}`) return reply.code(401).send('unauthorized\n');
    return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  registerPageRoutes(app, deps);
  return app;
}

/** Starts the server on `port` (0: an ephemeral port) and `host`. */
export async function startWebServer(deps: WebDeps, port: number, host: string): Promise<RunningWebServer> {
  const app = await buildWebApp(deps);
  await app.listen({ port, host });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return { url: `http://${shownHost}:${bound}`, close: () => app.close() };
}
