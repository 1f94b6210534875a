import { describe, expect, it } from 'vitest';
import { cleanAbstract, cleanAuthorName, cleanTitle, decodeEntities, splitMath } from '../../src/papers/clean-text.js';
import { resolveTexAccents } from '../../src/papers/tex-accents.js';

describe('TeX accents', () => {
  it.each([
    ['Przemys{\\l}aw', 'Przemysław'],
    ["Jos\\'e", 'José'],
    ['\\.Zygierewicz', 'Żygierewicz'],
    ['Kad{\\i}o\\u{g}lu', 'Kadıoğlu'],
    ['Schr\\"odinger', 'Schrödinger'],
    ['Erd\\H{o}s', 'Erdős'],
    ['M{\\"u}ller', 'Müller'],
    ['Fran\\c{c}ois', 'François'],
    ['Fran\\c cois', 'François'],
    ['Espa\\~na', 'España'],
    ['Bj\\o rn', 'Bjørn'],
    ['Stra\\ss e', 'Straße'],
    ['Stra{\\ss}e', 'Straße'],
    ['Vavry\\v{c}uk', 'Vavryčuk'],
    ["Benjamin R\\'emy", 'Benjamin Rémy'],
    ["{\\'E}cole", 'École'],
    ["Mart\\'{\\i}nez", 'Martínez'],
    ['\\AA{}ngstr\\"om', 'Ångström'],
    ['A \\& B', 'A & B'],
  ])('%s → %s', (input, expected) => {
    expect(cleanAuthorName(input)).toBe(expected);
  });

  it('leaves unknown macros as written', () => {
    expect(resolveTexAccents('Re examination of \\b{eta} decay')).toBe('Re examination of \\b{eta} decay');
  });
});

describe('math and dollars', () => {
  it('keeps $…$ math verbatim', () => {
    expect(cleanTitle('$H^3$Fusion: Helpful, Harmless')).toBe('$H^3$Fusion: Helpful, Harmless');
    expect(cleanTitle('A Note on How to Remove the $\\ln\\ln T$ Term')).toBe('A Note on How to Remove the $\\ln\\ln T$ Term');
    expect(cleanTitle('$d$-Degree Erd\\H{o}s-Ko-Rado theorem')).toBe('$d$-Degree Erdős-Ko-Rado theorem');
    expect(cleanTitle('spectral $\\zeta$-function for the Schr\\"odinger operator with P\\"oschl--Teller'))
      .toBe('spectral $\\zeta$-function for the Schrödinger operator with Pöschl--Teller');
  });

  it('does not touch accents inside math', () => {
    expect(cleanTitle("$\\'e$ and \\'e")).toBe("$\\'e$ and é");
  });

  it('keeps currency dollars', () => {
    expect(cleanAbstract('generously awarded $35,000 in total')).toBe('generously awarded $35,000 in total');
    expect(cleanAbstract('costs $800 per unit, Jos\\\'e said')).toBe("costs $800 per unit, José said");
  });

  it('splits math runs', () => {
    expect(splitMath('a $x$ b $$y$$ c $5')).toEqual([
      { text: 'a ', math: false },
      { text: '$x$', math: true },
      { text: ' b ', math: false },
      { text: '$$y$$', math: true },
      { text: ' c $5', math: false },
    ]);
  });
});

describe('entities, tags, whitespace', () => {
  it('decodes leftover and double-escaped entities', () => {
    expect(decodeEntities('2.6&lt;\\eta&lt;4')).toBe('2.6<\\eta<4');
    expect(decodeEntities('a &amp;lt; b')).toBe('a < b');
    expect(decodeEntities('&#233;t&#xE9;')).toBe('été');
    expect(decodeEntities('&bogus; stays')).toBe('&bogus; stays');
  });

  it('strips HTML from RDF descriptions but keeps math comparisons', () => {
    const html = '<p>range of $2.6&lt;\\eta&lt;4$. Within\nthis range\n</p>';
    expect(cleanAbstract(html, { html: true })).toBe('range of $2.6<\\eta<4$. Within this range');
  });

  it('a < from math in plain text is not a tag', () => {
    expect(cleanAbstract('where $\\frac{1}{3}<s<1$ and $V(x)>0$')).toBe('where $\\frac{1}{3}<s<1$ and $V(x)>0$');
  });

  it('folds hard wraps in titles', () => {
    expect(cleanTitle('Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large\n  Connectivity Limit'))
      .toBe('Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit');
  });

  it('keeps paragraph breaks (sentence end + indented line) and folds soft wraps', () => {
    expect(cleanAbstract('  First line\nwraps here. End.\n  Second paragraph\nwraps.\n')).toBe(
      'First line wraps here. End.\n\nSecond paragraph wraps.',
    );
  });

  it('never returns empty for the title 0', () => {
    expect(cleanTitle('0')).toBe('0');
    expect(cleanTitle(0)).toBe('0');
    expect(cleanTitle(undefined)).toBe('');
  });

  it('cleans author names with whitespace and HTML', () => {
    expect(cleanAuthorName('  <a href="x">Christopher   Dilks</a> ', { html: true })).toBe('Christopher Dilks');
    expect(cleanAuthorName('Dirk Wübben')).toBe('Dirk Wübben');
  });
});
