/** The document around every page: head, skip link, hero with the language toggle, footer. */
import type { Language, Translate } from '../../i18n/messages.js';
import { html, type Html } from '../html.js';

export interface LayoutOptions {
  readonly lang: Language;
  readonly t: Translate;
  readonly title: string;
  /** The one line under the hero title. */
  readonly tagline: string;
  /** Link to the same page in the other language. */
  readonly toggleHref: string;
  /** Links in the hero's top bar (channel page, topics). */
  readonly nav: Html;
  readonly body: Html;
}

export function layout(o: LayoutOptions): Html {
  const other = o.lang === 'zh' ? 'en' : 'zh';
  return html`<!doctype html>
<html lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${o.title}</title>
<link rel="stylesheet" href="/assets/page.css">
<script src="/assets/page.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${o.t('web.skip')}</a>
<header class="hero"><div class="hero-inner">
  <div class="bar">
    <span class="brand">AcademicHub</span>
    <nav class="top-nav" aria-label="${o.t('web.navLabel')}">${o.nav}
      <a class="lang" href="${o.toggleHref}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}" data-nav>${o.t('web.otherLanguage')}</a>
    </nav>
  </div>
  <p class="kicker">${o.t('web.kicker')}</p>
  <h1>${o.t('web.heroTitle')}</h1>
  <p class="tagline">${o.tagline}</p>
</div></header>
<main id="main" tabindex="-1">${o.body}</main>
<footer class="foot"><p>${o.t('web.footer')}</p></footer>
</body>
</html>`;
}
