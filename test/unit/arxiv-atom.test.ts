import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/sources/arxiv-atom.js';
import { SourceError } from '../../src/errors.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/arxiv-api/${name}`, import.meta.url));

describe('arXiv API Atom fixtures', () => {
  it('legacy id_list 1111.2011v2: v2, doi, journal_ref, comment, 2 categories, folded title', () => {
    const r = parseArxivAtom(fixture('legacy_id_list_1111.2011v2.xml'));
    expect([r.totalResults, r.startIndex, r.itemsPerPage]).toEqual([1, 0, 10]);
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0]).toMatchObject({
      id: 'arxiv:1111.2011',
      version: 2,
      title: 'Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit',
      primaryCategory: 'cond-mat.str-el',
      categories: ['cond-mat.str-el', 'cond-mat.stat-mech'],
      doi: '10.1103/PhysRevB.85.115117',
      journalRef: 'Phys. Rev. B 85, 115117 (2012)',
      comments: '8 pages, 3 figures. Published version',
      published: '2011-11-08T18:48:36.000Z',
      updated: '2012-04-02T12:38:54.000Z',
      absUrl: 'https://arxiv.org/abs/1111.2011',
      pdfUrl: 'https://arxiv.org/pdf/1111.2011v2',
      authors: [{ name: 'James M. Murray' }, { name: 'Adrian Del Maestro' }, { name: 'Zlatko Tesanovic' }],
      sources: [{ kind: 'arxiv', label: 'arXiv (cond-mat.str-el)', url: 'https://arxiv.org/abs/1111.2011' }],
    });
    expect(r.papers[0]!.abstract).toMatch(/^Theoretical description of anisotropic systems, such as layered superconductors/);
    expect(r.papers[0]!.abstract).not.toContain('\n');
  });

  it('legacy search del_maestro: paging numbers, old-style ids, versions', () => {
    const r = parseArxivAtom(fixture('legacy_search_au_del_maestro.xml'));
    expect([r.totalResults, r.startIndex, r.itemsPerPage, r.papers.length]).toEqual([31, 0, 10, 10]);
    expect(r.papers[1]).toMatchObject({ id: 'arxiv:cond-mat/0412498', version: 1, absUrl: 'https://arxiv.org/abs/cond-mat/0412498' });
    expect(r.papers.find((p) => p.id === 'arxiv:cond-mat/0607501')?.version).toBe(2);
    expect(r.papers.map((p) => p.abstract).join(' ')).toMatch(/\$\\delta\$/);
    expect(r.papers.map((p) => p.abstract).join(' ')).toContain('>=');
  });

  it('current astro-ph/0601001: affiliations (duplicates kept per author), old-style id without subject', () => {
    const [p] = parseArxivAtom(fixture('current_id_astro-ph_0601001_affiliations.xml')).papers;
    expect(p).toMatchObject({
      id: 'arxiv:astro-ph/0601001',
      version: 1,
      primaryCategory: 'astro-ph',
      categories: ['astro-ph'],
      journalRef: 'ActaAstron.56:1-50,2006',
    });
    expect(p!.authors).toEqual([
      { name: 'Andrew Gould', affiliations: ['Ohio State'] },
      { name: 'Susan Dorsher', affiliations: ['Ohio State'] },
      { name: 'B. Scott Gaudi', affiliations: ['CfA'] },
      { name: 'Andrzej Udalski', affiliations: ['Warsaw University Observatory'] },
    ]);
    expect(p!.comments).toContain('http://www.astronomy.ohio-state.edu/~gould/ogle_hot_jupiters.ps.gz');
    expect(p!.abstract).toContain('(1/310)(1^{+1.39}_{-0.59})');
    expect(p!.abstract).toContain('V_max<17.5');
  });

  it('current 1707.08567: 34 authors, UTF-8 Wübben', () => {
    const [p] = parseArxivAtom(fixture('current_id_1707.08567_34_authors.xml')).papers;
    expect(p!.authors).toHaveLength(34);
    expect(p!.authors.map((a) => a.name)).toContain('Dirk Wübben');
    expect(p!.published).toBe(p!.updated);
    expect(p!.journalRef).toBeUndefined();
    expect(p!.doi).toBeUndefined();
  });

  it('current search all:testing: &amp; in a title, UTF-8 names, doi after authors, v3', () => {
    const r = parseArxivAtom(fixture('current_search_all_testing_10_results.xml'));
    expect(r.totalResults).toBe(214881);
    expect(r.papers).toHaveLength(10);
    expect(r.papers.find((p) => p.id === 'arxiv:2302.03287')?.title).toBe('ChatGPT and Software Testing Education: Promises & Perils');
    const romero = r.papers.find((p) => p.id === 'arxiv:2405.13786')!;
    expect(romero.authors.map((a) => a.name)).toEqual(['Aurora Ramírez', 'Mario Berrios', 'José Raúl Romero', 'Robert Feldt']);
    expect(romero.doi).toBe('10.1109/ICSTW58534.2023.00023');
    expect(r.papers.find((p) => p.id === 'arxiv:2204.08348')?.version).toBe(3);
    expect(r.papers.find((p) => p.id === 'arxiv:1202.4527')?.journalRef).toContain('Software Engineering & Applications');
  });

  it('current 2104.12255v1: the title 0 stays "0", $35,000 intact', () => {
    const r = parseArxivAtom(fixture('current_id_2104.12255v1_title_0.xml'));
    expect(r.papers).toHaveLength(1);
    expect(r.papers[0]!.title).toBe('0');
    expect(r.papers[0]!.abstract).toContain('awarded $35,000 in total');
    expect(r.papers[0]!.authors).toEqual([{ name: 'Quan Thoi Minh Nguyen' }]);
  });

  it('current cs.LG OR cs.AI: 20 entries, math title kept, primary not the queried category, paragraphs', () => {
    const r = parseArxivAtom(fixture('current_search_cat_cs.LG_OR_cs.AI_20_results.xml'));
    expect(r.papers).toHaveLength(20);
    expect(r.papers.find((p) => p.id === 'arxiv:2604.26926')?.title).toBe(
      'A Note on How to Remove the $\\ln\\ln T$ Term from the Squint Bound',
    );
    const admm = r.papers.find((p) => p.id === 'arxiv:2604.26932')!;
    expect(admm.primaryCategory).toBe('math.OC');
    expect(admm.categories[0]).toBe('math.OC');
    const names = r.papers.flatMap((p) => p.authors.map((a) => a.name));
    expect(names).toEqual(expect.arrayContaining(['Jörg Frochte', 'Adrienn Éva Borsy']));
    expect(r.papers.find((p) => p.id === 'arxiv:2604.26888')?.journalRef).toContain('Bäck, T. et al. (eds.)');
    const paragraphs = r.papers.find((p) => p.id === 'arxiv:2604.26922')!.abstract.split('\n\n');
    expect(paragraphs.length).toBeGreaterThan(1);
    expect(paragraphs[1]).toMatch(/^In this work we initiate/);
  });

  it('legacy docs example hep-ex/0307015: <id> without version takes v1 from the links', () => {
    const r = parseArxivAtom(fixture('docs_example_legacy_typical_response_hep-ex_0307015.xml'));
    expect(r.totalResults).toBe(1000);
    expect(r.papers[0]).toMatchObject({
      id: 'arxiv:hep-ex/0307015',
      version: 1,
      pdfUrl: 'https://arxiv.org/pdf/hep-ex/0307015v1',
      title: 'Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA',
      authors: [{ name: 'H1 Collaboration' }],
      journalRef: 'Eur.Phys.J. C31 (2003) 17-29',
      comments: '23 pages, 8 figures and 4 tables',
      primaryCategory: 'hep-ex',
    });
    expect(r.papers[0]!.abstract).toContain('0.30 \\pm 0.04');
  });

  it('the empty result is papers: [] with totalResults 0', () => {
    const r = parseArxivAtom(fixture('current_empty_result_0000.0000.xml'));
    expect(r).toEqual({ papers: [], totalResults: 0, startIndex: 0, itemsPerPage: 100 });
  });

  it.each([
    ['current_error_400_incorrect_id_abc.xml', 'incorrect id format for abc'],
    ['docs_example_legacy_error_malformed_id.xml', 'incorrect id format for 1234.12345'],
  ])('the error entry in %s is a SourceError, not a paper', (name, message) => {
    let error: unknown;
    try {
      parseArxivAtom(fixture(name));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SourceError);
    expect(error).toMatchObject({ code: 'arxiv_api_error', retryable: false });
    expect((error as Error).message).toContain(message);
  });
});
