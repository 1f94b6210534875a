import { describe, expect, it } from 'vitest';
import { html, safeHref } from '../../src/web/html.js';
import { withMath } from '../../src/web/math.js';

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
