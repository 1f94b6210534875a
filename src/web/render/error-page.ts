/** Error pages carry no channel data: both languages, a fixed text per status. */
import { translator } from '../../i18n/messages.js';
import { html } from '../html.js';

export function errorPage(status: number): string {
  const key = status === 403 ? 'web.error.forbidden' : status === 404 ? 'web.error.notFound' : status === 429 ? 'web.error.tooMany' : 'web.error.generic';
  const en = translator('en');
  const zh = translator('zh');
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} · AcademicHub</title><link rel="stylesheet" href="/assets/page.css"></head>
<body class="error-body"><main id="main" class="error-main"><h1>${status}</h1><p>${en(key)}</p><p lang="zh-CN">${zh(key)}</p></main></body></html>`.toString();
}
