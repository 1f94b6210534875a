import { describe, expect, it } from 'vitest';
import { html, safeHref } from '../../src/web/html.js';
import { withMath } from '../../src/web/math.js';
import { renderCard } from '../../src/web/render/card.js';
import { translator } from '../../src/i18n/messages.js';
import type { Paper } from '../../src/papers/paper.js';

const hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> {{constructor.constructor("alert(3)")()}} `x` \'y\'';

describe('html escaping', () => {
  it('escapes interpolated text and keeps nested templates', () => {
    const out = html`<p title="${hostile}">${hostile}${html`<b>ok</b>`}${[html`<i>a</i>`, '<u>']}${undefined}${false}</p>`.toString();
    expect(out).not.toMatch(/<script|<img|<u>/);
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('<b>ok</b><i>a</i>&lt;u&gt;');
  });

  it('lets only http(s) links through', () => {
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<script>')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
    expect(safeHref('https://arxiv.org/abs/2606.04101')).toBe('https://arxiv.org/abs/2606.04101');
  });
});

describe('math in abstracts', () => {
  it('renders $…$ as MathML and escapes the text around it', () => {
    const out = withMath('Cost $O(n^2 \\log n)$ <b>bold</b> and $\\alpha_i$.').toString();
    expect(out).toContain('<math');
    expect(out).toContain('<msup><mi>n</mi><mn>2</mn></msup>');
    expect(out).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(out.match(/<math/g)).toHaveLength(2);
  });

  it('leaves unparsable or hostile TeX as escaped text, never as markup', () => {
    const out = withMath('a $\\frac{$ b $\\href{javascript:alert(1)}{x}<script>$').toString();
    expect(out).not.toMatch(/<script|href="javascript/i);
    expect(out).toContain('$\\frac{$');
  });
});

describe('what a card matched, marked on the page', () => {
  it('marks the hit words outside the math, escaped, and clips a mark at a formula', () => {
    const text = 'A <sparse> mixture of experts $x^2$ experts.';
    const out = withMath(text, [[text.indexOf('mixture'), text.indexOf('$x') + 3], [text.lastIndexOf('experts'), text.length - 1]]).toString();
    expect(out).toContain('A &lt;sparse&gt; <mark>mixture of experts </mark><span class="katex"><math');
    expect(out).toContain('</math></span> <mark>experts</mark>.');
  });

  it('marks title and abstract hits and the matched authors, even past the fifteen shown', () => {
    const authors = [...Array.from({ length: 20 }, (_, i) => `Author Number${i}`), 'Yinmin Zhong'].map((name) => ({ name }));
    const paper = {
      id: 'arxiv:2611.00002', title: 'Mixture-of-Experts <at> scale', abstract: 'We route tokens to mixtures of experts.', authors,
      categories: ['cs.LG'], sources: [{ kind: 'arxiv', label: 'arXiv (cs.LG)' }],
    } as unknown as Paper;
    const reasons = [{ field: 'title', term: 'mixture of experts' }, { field: 'abstract', term: 'mixture of experts' }, { field: 'authors', term: 'Zhong' }] as const;
    const out = renderCard({ paper, reasons, score: 1 } as never, 1, undefined, { t: translator('en'), voteAction: '/v', token: 't', back: '/', channelPath: '/c/shell%3Alab' }).toString();
    expect(out).toContain('<mark>Mixture-of-Experts</mark> &lt;at&gt; scale');
    expect(out).toContain('We route tokens to <mark>mixtures of experts</mark>.');
    expect(out).toContain('Author Number14, …, <strong>Yinmin Zhong</strong> … +5');
  });
});
