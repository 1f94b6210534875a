import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseDoi, parseJournalFeed } from '../../src/sources/journal-feed.js';
import { SourceError } from '../../src/errors.js';
import { NATURE_FIXTURE, buildRss2Toc, entityBomb, MALFORMED_FEED } from '../emulators/journal/journal-emulator.js';
import { findCatalogueJournal, JOURNAL_CATALOGUE } from '../../src/sources/journal-catalogue.js';

describe('Nature RSS 1.0 (RDF) fixture', () => {
  const feed = parseJournalFeed(readFileSync(NATURE_FIXTURE));

  it('is read as RDF with the journal name from prism:publicationName', () => {
    expect(feed.format).toBe('rss1');
    expect(feed.title).toBe('Nature');
    expect(feed.items).toHaveLength(75);
  });

  it('takes the bare prism:doi (not the doi:-prefixed dc:identifier) as the id', () => {
    const first = feed.items[0]!;
    expect(first.id).toBe('doi:10.1038/s41586-024-07956-2');
    expect(first.doi).toBe('10.1038/s41586-024-07956-2');
    expect(first.venue).toBe('Nature');
    expect(first.published).toBe('2024-08-20');
    expect(first.sources).toEqual([{ kind: 'journal', label: 'Nature', url: 'https://www.nature.com/articles/s41586-024-07956-2' }]);
  });

  it('strips inline markup from CDATA titles without splitting words', () => {
    expect(feed.items[0]!.title).toBe('Author Correction: Anti-TIGIT antibody improves PD-L1 blockade through myeloid and Treg cells');
    expect(feed.items.some((p) => p.title === 'Are brains rewired for caring during pregnancy? Why the jury’s out')).toBe(true);
  });

  it('treats the "Published online; doi" boilerplate as no abstract, keeps real standfirsts', () => {
    expect(feed.items[0]!.abstract).toBe('');
    const gut = feed.items.find((p) => p.title.startsWith('Gut microbes’ genomes'))!;
    expect(gut.abstract).toBe('Newfound compound is as effective at treating infected skin wounds as is the antibiotic of last resort.');
  });

  it('keeps 71 separate dc:creator authors; 8 items have none', () => {
    const wheat = feed.items.find((p) => p.id === 'doi:10.1038/s41586-024-07808-z')!;
    expect(wheat.title).toBe('Origin and evolution of the bread wheat D genome');
    expect(wheat.authors).toHaveLength(71);
    expect(feed.items.filter((p) => p.authors.length === 0)).toHaveLength(8);
  });

  it('a catalogue name overrides the label', () => {
    const named = parseJournalFeed(readFileSync(NATURE_FIXTURE), { journal: 'Nature (weekly)' });
    expect(named.items[0]!.sources[0]!.label).toBe('Nature (weekly)');
  });
});

describe('RSS 2.0 and Atom tables of contents', () => {
  it('reads dc:/prism: fields from RSS 2.0, with volume in the journal ref', () => {
    const xml = buildRss2Toc('Nature Machine Intelligence', [
      { title: 'Learning to route experts', doi: '10.1038/s42256-026-01234-5', authors: ['Ada Lovelace', 'Alan Turing'], date: '2026-06-10', volume: '8' },
    ]);
    const feed = parseJournalFeed(xml);
    expect(feed.format).toBe('rss2');
    const [p] = feed.items;
    expect(p).toMatchObject({
      id: 'doi:10.1038/s42256-026-01234-5',
      venue: 'Nature Machine Intelligence',
      journalRef: 'Nature Machine Intelligence 8',
      published: '2026-06-10',
      authors: [{ name: 'Ada Lovelace' }, { name: 'Alan Turing' }],
    });
  });

  it('reads Atom entries (link rel=alternate, author/name, summary, DOI in the id)', () => {
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>JMLR</title>
      <entry><title type="html">Sparse &lt;i&gt;MoE&lt;/i&gt; at scale</title><id>https://doi.org/10.5555/jmlr.2026.42</id>
      <link rel="alternate" href="https://jmlr.org/papers/v27/42.html"/><link rel="related" href="https://x.example/pdf"/>
      <author><name>Grace Hopper</name></author><published>2026-05-01T00:00:00Z</published>
      <summary>We study sparse mixtures.</summary></entry></feed>`;
    const feed = parseJournalFeed(atom);
    expect(feed.format).toBe('atom');
    expect(feed.items[0]).toMatchObject({
      id: 'doi:10.5555/jmlr.2026.42',
      title: 'Sparse MoE at scale',
      absUrl: 'https://jmlr.org/papers/v27/42.html',
      abstract: 'We study sparse mixtures.',
      authors: [{ name: 'Grace Hopper' }],
      published: '2026-05-01',
    });
  });

  it('refuses an entity bomb, malformed XML, HTML and a non-feed root', () => {
    const code = (f: () => unknown): string => {
      try {
        f();
        return 'parsed';
      } catch (e) {
        return e instanceof SourceError ? e.code : 'other';
      }
    };
    expect(code(() => parseJournalFeed(entityBomb()))).toBe('xml_entities');
    expect(code(() => parseJournalFeed(MALFORMED_FEED))).toBe('xml_malformed');
    expect(code(() => parseJournalFeed('<!doctype html><html><body>hi</body></html>'))).toBe('not_xml');
    expect(code(() => parseJournalFeed('<?xml version="1.0"?><opml/>'))).toBe('not_feed');
    expect(code(() => parseJournalFeed(buildRss2Toc('X', []), { maxBytes: 100 }))).toBe('too_large');
  });

  it('normalises DOIs from their usual spellings', () => {
    expect(normaliseDoi('doi:10.1038/s41586-024-07956-2')).toBe('10.1038/s41586-024-07956-2');
    expect(normaliseDoi('https://doi.org/10.1371/journal.pone.0033693.')).toBe('10.1371/journal.pone.0033693');
    expect(normaliseDoi('no doi here')).toBeUndefined();
  });

  it('the catalogue knows the short names the issue lists', () => {
    for (const key of ['nature', 'science', 'pnas', 'jmlr', 'nmi', 'natcomms', 'cell', 'tpami']) expect(findCatalogueJournal(key)).toBeDefined();
    expect(findCatalogueJournal('NMI')?.name).toBe('Nature Machine Intelligence');
    expect(new Set(JOURNAL_CATALOGUE.map((j) => j.url)).size).toBe(JOURNAL_CATALOGUE.length);
  });
});
