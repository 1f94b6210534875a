/**
 * Built-in catalogue of well-known journals' public table-of-contents feeds, by short name
 * (`/radar source add nature`). URLs are the publishers' own feeds as used in the wild (Springer Nature
 * `<code>.rss`, Atypon `showFeed?type=etoc`, Cell Press `current.rss`, IEEE Xplore `TOC<punumber>.XML`).
 * The name is the card's source label, so it is the journal's proper name.
 */

export interface CatalogueJournal {
  /** Short name typed by users, lowercase. */
  readonly key: string;
  readonly name: string;
  readonly url: string;
  /** Other short names that resolve to the same journal. */
  readonly aliases?: readonly string[];
}

export const JOURNAL_CATALOGUE: readonly CatalogueJournal[] = [
  { key: 'nature', name: 'Nature', url: 'https://www.nature.com/nature.rss' },
  { key: 'nmi', name: 'Nature Machine Intelligence', url: 'https://www.nature.com/natmachintell.rss', aliases: ['natmachintell'] },
  { key: 'natcomms', name: 'Nature Communications', url: 'https://www.nature.com/ncomms.rss', aliases: ['ncomms'] },
  { key: 'natphys', name: 'Nature Physics', url: 'https://www.nature.com/nphys.rss', aliases: ['nphys'] },
  { key: 'natmethods', name: 'Nature Methods', url: 'https://www.nature.com/nmeth.rss', aliases: ['nmeth'] },
  { key: 'science', name: 'Science', url: 'https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=science' },
  { key: 'sciadv', name: 'Science Advances', url: 'https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=sciadv' },
  { key: 'scirobotics', name: 'Science Robotics', url: 'https://www.science.org/action/showFeed?type=etoc&feed=rss&jc=scirobotics' },
  { key: 'pnas', name: 'PNAS', url: 'https://www.pnas.org/action/showFeed?type=etoc&feed=rss&jc=pnas' },
  { key: 'jmlr', name: 'Journal of Machine Learning Research', url: 'https://www.jmlr.org/jmlr.xml' },
  { key: 'cell', name: 'Cell', url: 'https://www.cell.com/cell/current.rss' },
  { key: 'neuron', name: 'Neuron', url: 'https://www.cell.com/neuron/current.rss' },
  { key: 'tpami', name: 'IEEE Transactions on Pattern Analysis and Machine Intelligence', url: 'https://ieeexplore.ieee.org/rss/TOC34.XML' },
  { key: 'tip', name: 'IEEE Transactions on Image Processing', url: 'https://ieeexplore.ieee.org/rss/TOC83.XML' },
];

/** The catalogue entry for a short name or alias (case-insensitive), or undefined. */
export function findCatalogueJournal(name: string): CatalogueJournal | undefined {
  const key = name.trim().toLowerCase();
  return JOURNAL_CATALOGUE.find((j) => j.key === key || j.aliases?.includes(key));
}
