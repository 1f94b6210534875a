/**
 * arXiv's category taxonomy (https://arxiv.org/category_taxonomy), so that a new subscription's `cat:` term
 * is checked: `cat:cs.LGG` or `cat:cs.XX` would otherwise be stored and quietly match nothing, day after day.
 * Aliases arXiv keeps (math.IT = cs.IT, math.MP = math-ph, math.ST = stat.TH, cs.SY = eess.SY, math.NA =
 * cs.NA, q-fin.EC = econ.GN) are listed: papers carry either name. Only new subscriptions are checked (stored
 * ones keep parsing), so a category arXiv adds later is one line here, not a broken channel.
 */
import { closest, distance } from 'fastest-levenshtein';

const GROUPS: Readonly<Record<string, string>> = {
  'astro-ph': 'CO EP GA HE IM SR',
  'cond-mat': 'dis-nn mes-hall mtrl-sci other quant-gas soft stat-mech str-el supr-con',
  cs: 'AI AR CC CE CG CL CR CV CY DB DC DL DM DS ET FL GL GR GT HC IR IT LG LO MA MM MS NA NE NI OH OS PF PL RO SC SD SE SI SY',
  econ: 'EM GN TH',
  eess: 'AS IV SP SY',
  math: 'AC AG AP AT CA CO CT CV DG DS FA GM GN GR GT HO IT KT LO MG MP NA NT OA OC PR QA RA RT SG SP ST',
  nlin: 'AO CD CG PS SI',
  physics:
    'acc-ph ao-ph app-ph atm-clus atom-ph bio-ph chem-ph class-ph comp-ph data-an ed-ph flu-dyn gen-ph geo-ph hist-ph ins-det med-ph optics plasm-ph pop-ph soc-ph space-ph',
  'q-bio': 'BM CB GN MN NC OT PE QM SC TO',
  'q-fin': 'CP EC GN MF PM PR RM ST TR',
  stat: 'AP CO ME ML OT TH',
};

/** Archives that are categories by themselves (no subject classes). */
const SINGLE = ['gr-qc', 'hep-ex', 'hep-lat', 'hep-ph', 'hep-th', 'math-ph', 'nucl-ex', 'nucl-th', 'quant-ph'];

/** Every category, as arXiv spells it (`cs.LG`, `hep-th`). */
export const ARXIV_CATEGORIES: readonly string[] = [
  ...Object.entries(GROUPS).flatMap(([archive, classes]) => classes.split(' ').map((c) => `${archive}.${c}`)),
  ...SINGLE,
];

/** Every archive (`cs`, `hep-th`, `astro-ph`): what `cat:cs` and `cat:cs.*` name. */
export const ARXIV_ARCHIVES: readonly string[] = [...Object.keys(GROUPS), ...SINGLE];

const CATEGORY_BY_LOWER = new Map(ARXIV_CATEGORIES.map((c) => [c.toLowerCase(), c]));
const ARCHIVES_LOWER = new Set(ARXIV_ARCHIVES);

/** Is `value` (any case) an arXiv category, or an archive when `archive` is set? */
export function isArxivCategory(value: string, archive: boolean): boolean {
  const lower = value.toLowerCase();
  return archive ? ARCHIVES_LOWER.has(lower) : CATEGORY_BY_LOWER.has(lower);
}

/**
 * The known category (or archive) nearest to a misspelt one, as arXiv spells it; undefined when nothing is
 * close (more than a third of the letters differ): `cs.LGG` → `cs.LG`, `hepth` → `hep-th`, `cs.XX` → nothing.
 */
export function nearestArxivCategory(value: string, archive: boolean): string | undefined {
  const lower = value.toLowerCase();
  const pool = archive ? ARXIV_ARCHIVES : [...CATEGORY_BY_LOWER.keys()];
  const best = closest(lower, pool);
  if (distance(lower, best) > Math.max(1, Math.floor(lower.length / 3))) return undefined;
  return archive ? best : CATEGORY_BY_LOWER.get(best);
}

/**
 * A name as `RADAR_CATEGORIES` and arXiv's listing URLs write it — a category (`cs.LG`, `hep-th`) or, without
 * a dot, an archive (`cs`): is it arXiv's, and if not, the nearest that is.
 */
export function checkArxivName(name: string): { readonly known: boolean; readonly nearest?: string } {
  const archive = !name.includes('.');
  if (isArxivCategory(name, archive)) return { known: true };
  const nearest = nearestArxivCategory(name, archive);
  return nearest ? { known: false, nearest } : { known: false };
}

