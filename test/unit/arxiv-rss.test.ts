import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivRss, splitCreators } from '../../src/sources/arxiv-rss.js';
import type { Paper } from '../../src/papers/paper.js';
import { buildRssListing, syntheticPapers } from '../emulators/arxiv/feed-builders.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/arxiv-rss/${name}`, import.meta.url));
const byId = (papers: Paper[], id: string): Paper => {
  const p = papers.find((x) => x.id === id);
  if (!p) throw new Error(`missing ${id}`);
  return p;
};

describe('new RSS 2.0 format: all-archives trimmed listing of 2024-11-28', () => {
  const listing = parseArxivRss(fixture('rss2_new_format_2024-11-28_all_archives_trimmed.xml'));
  const { papers } = listing;

  it('reads the channel', () => {
    expect(listing.channelTitle).toMatch(/^astro-ph, cond-mat, .* updates on arXiv\.org$/);
    expect(listing.pubDate).toBe('2024-11-28T05:00:00.000Z');
    expect(listing.announced).toBe('2024-11-28');
    expect(listing.skipDays).toEqual(['Saturday', 'Sunday']);
    expect(listing.error).toBeUndefined();
  });

  it('counts 15 new / 9 cross / 9 replace', () => {
    expect(papers).toHaveLength(33);
    const count = (t: string) => papers.filter((p) => p.announceType === t).length;
    expect([count('new'), count('cross'), count('replace'), count('replace-cross')]).toEqual([15, 9, 9, 0]);
  });

  it('maps the first item completely', () => {
    const p = byId(papers, 'arxiv:2411.17709');
    expect(p).toMatchObject({
      version: 1,
      title: 'Quantity versus Diversity: Influence of Data on Detecting EEG Pathology with Advanced ML Models',
      primaryCategory: 'eess.SP',
      categories: ['eess.SP', 'cs.LG'],
      announceType: 'new',
      announced: '2024-11-28',
      absUrl: 'https://arxiv.org/abs/2411.17709',
      pdfUrl: 'https://arxiv.org/pdf/2411.17709v1',
      sources: [{ kind: 'arxiv', label: 'arXiv (eess.SP)', url: 'https://arxiv.org/abs/2411.17709' }],
    });
    expect(p.abstract.startsWith('This study investigates the impact')).toBe(true);
    expect(p.abstract).not.toMatch(/Announce Type|^arXiv:/);
    expect(p.authors.map((a) => a.name)).toEqual([
      'Martyna Poziomska',
      'Marian Dovgialo',
      'Przemysław Olbratowski',
      'Paweł Niedbalski',
      'Paweł Ogniewski',
      'Joanna Zych',
      'Jacek Rogala',
      'Jarosław Żygierewicz',
    ]);
  });

  it('resolves TeX names and keeps affiliations from parentheses', () => {
    expect(byId(papers, 'arxiv:2411.17796').authors.map((a) => a.name)).toContain('Serdar Kadıoğlu');
    expect(byId(papers, 'arxiv:2411.17775').authors).toEqual([{ name: 'Václav Vavryčuk' }]);
    const arx = byId(papers, 'arxiv:2411.17748').authors;
    expect(arx[0]).toEqual({ name: 'Mohammed Riadh Berramdane', affiliations: ['IFPEN'] });
    expect(arx[4]).toEqual({ name: 'Benjamin Rémy', affiliations: ['LEMTA'] });
    const grav = byId(papers, 'arxiv:2411.17817').authors;
    expect(grav).toHaveLength(8);
    expect(grav[0]).toEqual({
      name: 'Tianliang Yan',
      affiliations: ['University of Birmingham, School of Physics and Astronomy, Birmingham, United Kingdom'],
    });
    expect(byId(papers, 'arxiv:2105.02567').authors.map((a) => a.name)).toEqual(['Marzieh Eidi', 'Jürgen Jost']);
  });

  it('cleans titles: TeX accents, \\&, math kept, quotes, %', () => {
    expect(byId(papers, 'arxiv:2411.17730').title).toBe(
      'Almost sure well-posedness and orbital stability for Schrödinger equation with potential',
    );
    expect(byId(papers, 'arxiv:2411.17985').title).toBe('$d$-Degree Erdős-Ko-Rado theorem for finite vector spaces');
    expect(byId(papers, 'arxiv:2411.17792').title).toBe('$H^3$Fusion: Helpful, Harmless, Honest Fusion of Aligned LLMs');
    expect(byId(papers, 'arxiv:2411.18380').title).toContain('Personal Attributes & Preferences');
    expect(byId(papers, 'arxiv:2411.00071').title).toMatch(/^What the %PCSA\? /);
    expect(byId(papers, 'arxiv:2411.17043').title).toBe(
      'Comment on "Did the terrestrial planets of the Solar System form by pebble accretion?"',
    );
  });

  it('decodes &lt; in abstracts and keeps math', () => {
    expect(byId(papers, 'arxiv:2411.17730').abstract).toContain('where $\\frac{1}{3}<s<1$ and');
  });

  it('reads DOI and journal reference only where present, and versions from the guid', () => {
    const p = byId(papers, 'arxiv:2411.17758');
    expect(p.doi).toBe('10.1016/j.segan.2024.101477');
    expect(p.journalRef).toBe('Sustainable Energy, Grids and Networks, Volume 39, 2024, 101477, ISSN 2352-4677');
    expect(byId(papers, 'arxiv:2411.17709').doi).toBeUndefined();
    const old = byId(papers, 'arxiv:1401.3665');
    expect(old).toMatchObject({ version: 4, announceType: 'replace', pdfUrl: 'https://arxiv.org/pdf/1401.3665v4' });
    expect(byId(papers, 'arxiv:2203.01101').journalRef).toBeUndefined();
    expect(byId(papers, 'arxiv:2410.14419').doi).toBeUndefined();
  });

  it('keeps up to 5 categories with the primary first', () => {
    const p = byId(papers, 'arxiv:2411.18266');
    expect(p.categories).toEqual(['eess.AS', 'cs.AI', 'cs.SD', 'cs.SY', 'eess.SY']);
    expect(p.primaryCategory).toBe('eess.AS');
    expect(byId(papers, 'arxiv:2202.06515')).toMatchObject({ announceType: 'cross', version: 3, primaryCategory: 'astro-ph.CO' });
  });
});

describe('new RSS 2.0 format: cs.LG 3 items of 2026-04-27', () => {
  const listing = parseArxivRss(fixture('rss2_new_format_cs.LG_2026-04-27_3items.xml'));
  it('parses without an XML declaration', () => {
    expect(listing.papers.map((p) => p.id)).toEqual(['arxiv:2604.21952', 'arxiv:2604.21953', 'arxiv:2604.21956']);
    expect(listing.announced).toBe('2026-04-27');
    expect(listing.papers[0]!.categories).toEqual(['cs.LG', 'cs.AI', 'cs.AR', 'cs.NE', 'cs.RO']);
  });
  it('keeps $800 and decodes &amp;', () => {
    const all = listing.papers.map((p) => p.abstract).join('\n');
    expect(all).toContain('$800');
    expect(listing.papers[0]!.abstract).toContain('visual resolution & stride');
  });
});

describe('empty and error feeds', () => {
  it('an empty channel is papers: []', () => {
    const listing = parseArxivRss(fixture('rss2_new_format_empty_test_archive.xml'));
    expect(listing.papers).toEqual([]);
    expect(listing.error).toBeUndefined();
    expect(listing.channelTitle).toBe('test updates on arXiv.org');
  });

  it('the bad-archive error feed is reported as an error, never papers', () => {
    const listing = parseArxivRss(fixture('rss2_new_format_error_bad_archive.xml'));
    expect(listing.papers).toEqual([]);
    expect(listing.error).toContain("Bad archive 'astroph'");
    expect(listing.error).toContain('Feed error for query: http://rss.arxiv.org/rss/astroph');
  });

  it('a non-RSS XML document is refused', () => {
    expect(() => parseArxivRss('<feed xmlns="http://www.w3.org/2005/Atom"></feed>')).toThrow(
      expect.objectContaining({ code: 'not_rss' }),
    );
  });
});

describe('legacy RDF / RSS 1.0', () => {
  it('2018-05-23 hep-ex: announce types from the title suffix, HTML creators', () => {
    const listing = parseArxivRss(fixture('rss1_rdf_legacy_hep-ex_2018-05-23.xml'));
    expect(listing.channelTitle).toBe('hep-ex updates on arXiv.org');
    expect(listing.announced).toBe('2018-05-24');
    const [a, b, c] = listing.papers;
    expect(a).toMatchObject({
      id: 'arxiv:1805.08875',
      version: 1,
      title: 'Measurement of Transverse Single Spin Asymmetries',
      announceType: 'new',
      primaryCategory: 'hep-ex',
      categories: ['hep-ex'],
      authors: [{ name: 'Christopher Dilks', affiliations: ['STAR Collaboration'] }],
    });
    expect(a!.abstract).toMatch(/^In 2015 the first collisions/);
    expect(a!.abstract).toContain('range of $2.6<\\eta<4$. Within this kinematic range');
    expect(a!.abstract).not.toContain('<p>');
    expect(b).toMatchObject({ id: 'arxiv:1805.09166', announceType: 'cross', authors: [{ name: 'Boris Tuchming' }] });
    expect(c).toMatchObject({
      id: 'arxiv:1805.06430',
      version: 2,
      announceType: 'replace',
      primaryCategory: 'nucl-th',
      categories: ['nucl-th', 'hep-ex'],
    });
    expect(c!.authors).toHaveLength(6);
    expect(c!.authors[5]).toEqual({ name: 'Hong-Shi Zong' });
  });

  it('2021-07-08 hep-ex: no <items> Seq, math in titles, et al.', () => {
    const { papers } = parseArxivRss(fixture('rss1_rdf_legacy_hep-ex_2021-07-08.xml'));
    expect(papers.map((p) => [p.id, p.version, p.announceType])).toEqual([
      ['arxiv:2107.03419', 1, 'new'],
      ['arxiv:2106.00550', 2, 'cross'],
      ['arxiv:2007.03939', 2, 'replace'],
    ]);
    expect(papers[0]!.title).toBe('Observation of excited $\\Omega_c^0$ baryons in $\\Omega_b^- \\to \\Xi_c^+ K^-\\pi^-$ decays');
    expect(papers[0]!.authors.map((a) => a.name)).toEqual(['LHCb collaboration', 'R. Aaij']);
    expect(papers[1]!.primaryCategory).toBe('math.GR');
  });
});

describe('splitCreators', () => {
  it('keeps commas inside parentheses and braces', () => {
    expect(splitCreators("A B (X, Y), Jos{\\'e}, C (Z)")).toEqual([
      { name: 'A B', affiliations: ['X, Y'] },
      { name: 'José' },
      { name: 'C', affiliations: ['Z'] },
    ]);
  });
});

describe('synthetic listings from the emulator builder', () => {
  it('buildRssListing round-trips 2,000 items through parseArxivRss', () => {
    const items = syntheticPapers(2000);
    const xml = buildRssListing(items, { categories: 'cs.AI+cs.CL+cs.LG', day: '2026-04-28' });
    const listing = parseArxivRss(xml);
    expect(listing.papers).toHaveLength(2000);
    expect(listing.announced).toBe('2026-04-28');
    const p = listing.papers[1]!;
    expect(p).toMatchObject({
      id: `arxiv:${items[1]!.id}`,
      version: items[1]!.version ?? 1,
      title: items[1]!.title,
      categories: items[1]!.categories,
      announceType: items[1]!.announceType,
      authors: [{ name: 'Author 1 One' }, { name: 'Author 1 Two', affiliations: ['University 1'] }],
    });
  });
});

describe('replace-cross (only in arXiv spec snippets, not in a real capture)', () => {
  it('is read from arxiv:announce_type and the description', () => {
    const [item] = syntheticPapers(1);
    const xml = buildRssListing([{ ...item!, version: 3, announceType: 'replace-cross' }]);
    const [p] = parseArxivRss(xml).papers;
    expect(p).toMatchObject({ announceType: 'replace-cross', version: 3 });
    const withoutElement = xml.replace(/\s*<arxiv:announce_type>[^<]*<\/arxiv:announce_type>/, '');
    expect(parseArxivRss(withoutElement).papers[0]!.announceType).toBe('replace-cross');
  });
});
