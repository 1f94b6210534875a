/**
 * Masking of credentials that ride inside URLs (`postgres://radar:pw@db/…`, `redis://:pw@…`,
 * `https://token@host/…`, `?api_key=…`). Applied to the logged configuration and to every log line the
 * logger writes, so a connection string in an error message or a stack trace never reaches the log.
 */

/** `scheme://userinfo@` — the userinfo stops at whitespace, a path/query/fragment, quotes or brackets. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'\\<>@]*(?:@[^\s/?#"'\\<>@]*)*)@(?=[^\s/?#"'\\<>@])/gi;
const QUERY_SECRET =
  /([?&;](?:password|passwd|pwd|pass|token|access_token|auth|api_key|apikey|key|secret|client_secret|sig|signature)=)[^&\s#"'\\<>]*/gi;

/** The text with URL passwords, bare URL user tokens and secret query parameters replaced by `***`. */
export function maskCredentials(text: string): string {
  if (!text.includes('://') && !text.includes('=')) return text;
  return text
    .replace(USERINFO, (_m, scheme: string, info: string) => {
      const colon = info.indexOf(':');
      return colon >= 0 ? `${scheme}${info.slice(0, colon)}:***@` : `${scheme}***@`;
    })
    .replace(QUERY_SECRET, '$1***');
}

/** Deep copy of a JSON-like value with every string masked. */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskCredentials(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  }
  return value;
}
