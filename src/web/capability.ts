/**
 * The `web` capability: signed links for `/radar web`, and the server's lifecycle. Built once by the
 * composition root; `services.web` is absent when the page is off (`RADAR_WEB_PORT=0`).
 */
import { channelKey } from '../chat/ports.js';
import type { WebLinks } from '../services.js';
import type { WebDeps } from './deps.js';
import { createLinkSigner, resolveWebSecret } from './signed-link.js';
import { channelPath, pageHref } from './render/links.js';
import { startWebServer, type RunningWebServer } from './server.js';

export interface WebOptions {
  /** Port to listen on; 0 = an ephemeral port (tests). */
  readonly port: number;
  readonly host: string;
  /** `RADAR_WEB_URL`: the base for links; default the address the server got. */
  readonly publicUrl?: string;
  /** `RADAR_WEB_SECRET`; when unset, the one stored in the radar's store (generated on first start). */
  readonly secret?: string;
}

export interface WebCapability {
  readonly links: WebLinks;
  readonly server: RunningWebServer;
}

export async function startWebCapability(options: WebOptions, deps: Omit<WebDeps, 'signer'>): Promise<WebCapability> {
  const secret = await resolveWebSecret(options.secret, deps.store.namespace('web'));
  const signer = createLinkSigner(secret);
  const publicUrl = options.publicUrl?.replace(/\/+$/, '');
  const server = await startWebServer({ ...deps, signer, ...(publicUrl ? { publicUrl } : {}) }, options.port, options.host);
  const baseUrl = publicUrl ?? server.url.replace(/\/+$/, '');
  const links: WebLinks = {
    baseUrl,
    link(channel, user, role = 'view') {
      const key = channelKey(channel);
      const token = signer.sign({ channel: key, role, user: user.id }, deps.clock.now());
      const path = role === 'feed' ? `${channelPath(key)}/feed.atom` : channelPath(key);
      return `${baseUrl}${pageHref(path, { t: token })}`;
    },
  };
  return { links, server };
}
