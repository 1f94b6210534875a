import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossrefDate, parseCrossrefResponse } from '../../src/sources/crossref-work.js';
import { createCrossrefClient } from '../../src/sources/crossref-client.js';
import { jatsToText } from '../../src/sources/jats.js';
import { SourceError } from '../../src/errors.js';
import type { Paper } from '../../src/papers/paper.js';
import { CROSSREF_FIXTURES, startCrossrefEmulator, type CrossrefEmulator } from '../emulators/crossref/crossref-emulator.js';

const read = (f: string): string => readFileSync(f, 'utf8');

describe('Crossref works fixtures', () => {
  it('jclinpath: markup-free title, ORCID, venue, dates, volume/issue', () => {
    const [p] = parseCrossrefResponse(read(CROSSREF_FIXTURES.jclinpath));
    expect(p!.id).toBe('doi:10.1136/jclinpath-2020-206745');
    expect(p!.title).toBe('Construction of a reference material panel for detecting KRAS / NRAS / EGFR / BRAF / MET mutations in plasma ctDNA');
    expect(p!.venue).toBe('Journal of Clinical Pathology');
    expect(p!.published).toBe('2020-08-17');
    expect(p!.journalRef).toBe('Journal of Clinical Pathology 74(5), 314-320 (2020)');
    expect(p!.authors).toHaveLength(15);
    expect(p!.authors[0]).toEqual({ name: 'Jun Xu', affiliations: ['Department of Neurosurgery, China-Japan Friendship Hospital, Beijing, China'] });
    const withOrcid = p!.authors.filter((a) => a.orcid);
    expect(withOrcid).toEqual([expect.objectContaining({ name: 'Xuexi Yang', orcid: 'https://orcid.org/0000-0002-3513-6501' })]);
  });

  it('jclinpath: structured JATS abstract → titled paragraphs of plain text', () => {
    const [p] = parseCrossrefResponse(read(CROSSREF_FIXTURES.jclinpath));
    const paragraphs = p!.abstract.split('\n\n');
    expect(paragraphs.map((x) => x.split(':')[0])).toEqual(['Background', 'Objective', 'Methods', 'Results', 'Conclusion']);
    expect(paragraphs[0]).toBe(
      'Background: The absence of high-quality next-generation sequencing (NGS) reference material (RM) has impeded the clinical use of liquid biopsies with plasma cell-free DNA (cfDNA) in China.',
    );
    expect(paragraphs[1]).toContain('Kirsten rat sarcoma viral oncogene (KRAS)/neuroblastoma ras oncogene (NRAS)/');
    expect(p!.abstract).not.toMatch(/<|jats/);
  });

  it('PLoS ONE: no abstract, published-online date, 6 authors', () => {
    const [p] = parseCrossrefResponse(read(CROSSREF_FIXTURES.plosone));
    expect(p).toMatchObject({ doi: '10.1371/journal.pone.0033693', venue: 'PLoS ONE', published: '2012-03-21', abstract: '' });
    expect(p!.authors.map((a) => a.name).slice(0, 2)).toEqual(['Shankar Sadasivan', 'Brooks B. Pond']);
  });

  it('work list: an item without authors, an HTML <p> abstract', () => {
    const list = parseCrossrefResponse(readFileSync('test/fixtures/crossref/works_query_ecology_rows2.json', 'utf8'));
    expect(list.map((p) => p.title)).toEqual(['Communicating Ecology', 'Chemical Ecology']);
    expect(list[0]!.authors).toEqual([]);
    expect(list[1]!.authors).toEqual([{ name: 'André Kessler' }]);
    expect(list[1]!.abstract.startsWith('“Ours is a world of sights and sounds.')).toBe(true);
  });

  it('the plain-text 404 body is not JSON', () => {
    expect(() => parseCrossrefResponse(read(CROSSREF_FIXTURES.notFound))).toThrow(/not JSON \("Resource not found\."\)/);
  });

  it('dates and JATS edge cases', () => {
    expect(crossrefDate({ 'date-parts': [[2021, 5]] })).toBe('2021-05');
    expect(crossrefDate({ 'date-parts': [[null]] })).toBeUndefined();
    expect(jatsToText('<jats:p>T<jats:sub>reg</jats:sub> cells &amp; more</jats:p>')).toBe('Treg cells & more');
    expect(jatsToText('<jats:title>Abstract</jats:title><jats:p>Only text.</jats:p>')).toBe('Only text.');
  });
});

describe('Crossref client against the loopback emulator', () => {
  let emu: CrossrefEmulator;
  beforeAll(async () => {
    emu = await startCrossrefEmulator({ limit: '10', interval: '2s' });
  });
  afterAll(() => emu.close());

  it('looks a DOI up with mailto= (polite pool) and returns the work', async () => {
    const client = createCrossrefClient({ baseUrl: emu.apiUrl, mailto: 'radar@example.org', sleep: async () => undefined });
    const p = await client.lookup('https://doi.org/10.1371/journal.pone.0033693');
    expect(p?.venue).toBe('PLoS ONE');
    expect(emu.server.requests.at(-1)?.query.get('mailto')).toBe('radar@example.org');
  });

  it('a 404 is "no record", cached: asked once however often it is looked up', async () => {
    const client = createCrossrefClient({ baseUrl: emu.apiUrl, sleep: async () => undefined });
    const before = emu.requestedDois().length;
    expect(await client.lookup('10.9999/notarealdoi')).toBeUndefined();
    expect(await client.lookup('10.9999/NOTAREALDOI')).toBeUndefined();
    expect(emu.requestedDois().slice(before)).toEqual(['10.9999/notarealdoi']);
  });

  it('honours 429 Retry-After and spaces requests by x-rate-limit-*', async () => {
    const waits: number[] = [];
    let now = 0;
    const clock = { now: () => new Date(now) };
    const client = createCrossrefClient({
      baseUrl: emu.apiUrl,
      clock,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    emu.rateLimitNext(1, '7');
    expect((await client.lookup('10.1136/jclinpath-2020-206745'))?.venue).toBe('Journal of Clinical Pathology');
    expect(waits).toEqual([7000]);
    // The next request waits the gap learned from the headers: 2 s / 10 requests = 200 ms.
    expect((await client.lookup('10.1371/journal.pone.0033693'))?.venue).toBe('PLoS ONE');
    expect(waits).toEqual([7000, 200]);
  });

  it('gives up on persistent 429 with a retryable SourceError', async () => {
    const client = createCrossrefClient({ baseUrl: emu.apiUrl, retries: 1, sleep: async () => undefined });
    emu.rateLimitNext(2);
    const err = await client.lookup('10.1371/journal.pone.0033693').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).code).toBe('crossref_rate_limited');
  });

  it('enrich: merges the Crossref record into a journal item with the same DOI (ORCID, abstract)', async () => {
    const client = createCrossrefClient({ baseUrl: emu.apiUrl, sleep: async () => undefined });
    const item: Paper = {
      id: 'doi:10.1136/jclinpath-2020-206745',
      doi: '10.1136/jclinpath-2020-206745',
      title: 'Construction of a reference material panel for detecting KRAS / NRAS / EGFR / BRAF / MET mutations in plasma ctDNA',
      abstract: '',
      authors: [{ name: 'Jun Xu' }, { name: 'Xuexi Yang' }],
      categories: [],
      venue: 'J Clin Pathol',
      sources: [{ kind: 'journal', label: 'J Clin Pathol', url: 'https://jcp.bmj.com/x' }],
    };
    const [merged, ...rest] = await client.enrich([item]);
    expect(rest).toEqual([]);
    expect(merged!.venue).toBe('J Clin Pathol');
    expect(merged!.abstract.startsWith('Background: The absence')).toBe(true);
    expect(merged!.authors.find((a) => a.name === 'Xuexi Yang')?.orcid).toBe('https://orcid.org/0000-0002-3513-6501');
    expect(merged!.sources.map((s) => s.kind)).toEqual(['journal', 'crossref']);
  });
});
