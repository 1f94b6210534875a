/**
 * arXiv categories with a rough relative weight: papers per day with that PRIMARY category (orders of
 * magnitude from arXiv's listing pages, 2024–2025; exact numbers do not matter, the long tail does).
 * Cross-lists are drawn separately (see workload.ts); `CROSS_AFFINITY` gives the categories a primary
 * likes to cross-list to (ML everywhere lands in cs.LG, which makes it ~10 % of a full listing day).
 */
export const CATEGORY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['cs.LG', 110], ['cs.CV', 130], ['cs.CL', 90], ['quant-ph', 80], ['cs.AI', 70], ['cs.RO', 50],
  ['hep-ph', 50], ['cond-mat.mtrl-sci', 50], ['hep-th', 40], ['astro-ph.GA', 40], ['math.OC', 40],
  ['cs.CR', 40], ['math.AP', 35], ['math.CO', 35], ['gr-qc', 35], ['astro-ph.CO', 30], ['astro-ph.SR', 30],
  ['astro-ph.HE', 30], ['cond-mat.str-el', 30], ['cond-mat.mes-hall', 30], ['math.PR', 30], ['math.NA', 30],
  ['stat.ML', 30], ['eess.SP', 30], ['eess.SY', 30], ['cs.SE', 30], ['math.AG', 25], ['cond-mat.stat-mech', 25],
  ['stat.ME', 25], ['cs.HC', 25], ['cs.IT', 25], ['physics.optics', 25], ['math.NT', 20], ['math.ST', 20],
  ['math-ph', 20], ['cond-mat.soft', 20], ['eess.IV', 20], ['cs.IR', 20], ['cs.DC', 20], ['cs.DS', 20],
  ['cs.CY', 20], ['physics.flu-dyn', 20], ['math.DG', 18], ['math.DS', 15], ['math.FA', 15],
  ['astro-ph.EP', 15], ['astro-ph.IM', 15], ['stat.AP', 15], ['cs.NI', 15], ['nucl-th', 15],
  ['cond-mat.supr-con', 12], ['eess.AS', 12], ['hep-ex', 12], ['physics.chem-ph', 12], ['physics.app-ph', 12],
  ['math.GT', 10], ['math.RT', 10], ['math.GR', 10], ['math.CA', 10], ['cond-mat.quant-gas', 10],
  ['cs.GT', 10], ['cs.SD', 10], ['cs.NE', 10], ['cs.DB', 10], ['cs.LO', 10], ['cs.SI', 10],
  ['physics.comp-ph', 10], ['physics.ins-det', 10], ['physics.plasm-ph', 10], ['math.LO', 8], ['math.RA', 8],
  ['cond-mat.dis-nn', 8], ['cs.MA', 8], ['cs.PL', 8], ['physics.bio-ph', 8], ['physics.soc-ph', 8],
  ['math.QA', 6], ['math.AT', 6], ['math.CV', 6], ['cs.AR', 6], ['cs.CC', 6], ['cs.DM', 6], ['cs.GR', 6],
  ['physics.atom-ph', 6], ['physics.med-ph', 6], ['physics.ao-ph', 6], ['hep-lat', 6], ['nucl-ex', 6],
  ['q-bio.QM', 6], ['q-bio.NC', 6], ['math.MG', 5], ['math.OA', 5], ['math.AC', 5], ['stat.CO', 5],
  ['cs.MM', 5], ['cs.CE', 5], ['physics.geo-ph', 5], ['nlin.CD', 5], ['q-bio.BM', 5], ['q-bio.PE', 5],
  ['econ.EM', 5], ['cond-mat.other', 5], ['math.SP', 4], ['math.CT', 4], ['cs.FL', 4], ['cs.CG', 4],
  ['cs.ET', 4], ['physics.data-an', 4], ['physics.acc-ph', 4], ['physics.space-ph', 4], ['econ.TH', 4],
  ['econ.GN', 4], ['math.SG', 3], ['cs.NA', 3], ['physics.class-ph', 3], ['physics.gen-ph', 3], ['nlin.AO', 3],
  ['nlin.PS', 3], ['q-bio.GN', 3], ['math.GN', 2], ['math.HO', 2], ['math.KT', 2], ['math.GM', 2], ['cs.SC', 2],
  ['cs.PF', 2], ['cs.MS', 2], ['cs.DL', 2], ['cs.OH', 2], ['physics.ed-ph', 2], ['physics.hist-ph', 2],
  ['nlin.SI', 2], ['q-bio.MN', 2], ['q-bio.TO', 2], ['q-fin.ST', 2], ['q-fin.CP', 2], ['q-fin.MF', 2],
  ['q-fin.RM', 2], ['q-fin.PM', 2], ['q-fin.TR', 2], ['q-fin.GN', 2], ['cs.OS', 1], ['stat.OT', 1],
  ['physics.atm-clus', 1], ['physics.pop-ph', 1], ['q-bio.CB', 1], ['q-bio.SC', 1], ['q-bio.OT', 1],
  ['q-fin.PR', 1], ['q-fin.EC', 1], ['cs.GL', 1],
];

/** Primary category → categories it is often cross-listed to, with a probability per cross-list slot. */
export const CROSS_AFFINITY: Readonly<Record<string, readonly string[]>> = {
  'cs.CV': ['cs.LG', 'cs.AI', 'eess.IV'], 'cs.CL': ['cs.AI', 'cs.LG'], 'cs.AI': ['cs.LG', 'cs.CL'],
  'stat.ML': ['cs.LG', 'stat.ME'], 'cs.LG': ['stat.ML', 'cs.AI'], 'cs.RO': ['cs.LG', 'cs.AI', 'eess.SY'],
  'math.OC': ['cs.LG', 'eess.SY'], 'eess.SP': ['cs.LG', 'cs.IT'], 'eess.IV': ['cs.CV', 'cs.LG'],
  'cs.IR': ['cs.LG', 'cs.CL'], 'cs.CR': ['cs.LG', 'cs.AI'], 'cs.SE': ['cs.LG', 'cs.AI'], 'cs.NE': ['cs.LG'],
  'quant-ph': ['cond-mat.str-el', 'cs.LG', 'math-ph'], 'hep-ph': ['hep-ex', 'hep-th'], 'hep-th': ['gr-qc', 'math-ph'],
  'gr-qc': ['hep-th', 'astro-ph.CO'], 'astro-ph.GA': ['astro-ph.CO'], 'math.PR': ['math.ST', 'math-ph'],
  'math.ST': ['stat.TH', 'stat.ME'], 'cs.IT': ['math.IT', 'eess.SP'], 'cond-mat.mtrl-sci': ['physics.app-ph', 'cond-mat.mes-hall'],
};
