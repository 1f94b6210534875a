/**
 * The house rules as code (ARCHITECTURE.md, "the layering is a test"): which folder may import which, no
 * import cycles (type-only imports count), no platform library in the core, small files and functions.
 * Each function takes the root of a tree, so the tests run them on the project and on planted fixtures.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export const LAYERS = ['bin', 'adapters', 'commands', 'src'] as const;
type Layer = (typeof LAYERS)[number];

/** Every `.ts` file under `dir` (none when it does not exist). */
export function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

/** Every module specifier a file imports or re-exports, type-only ones included. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) specs.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
  return specs;
}

const posix = (p: string) => p.split(sep).join('/');
const layerOf = (rel: string): Layer | undefined => LAYERS.find((l) => rel === l || rel.startsWith(`${l}/`));

/** The project's files (relative, posix) with the project files each imports (`.js` → `.ts`). */
export function importGraph(base: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const layer of LAYERS) {
    for (const file of tsFiles(join(base, layer))) {
      const targets = importsOf(readFileSync(file, 'utf8'))
        .filter((s) => s.startsWith('.'))
        .map((s) => posix(relative(base, resolve(dirname(file), s.replace(/\.js$/, '.ts')))));
      graph.set(posix(relative(base, file)), targets);
    }
  }
  return graph;
}

/** Upward or sideways imports, platform libraries in the core, `openai` outside src/briefing/. */
export function layeringViolations(base: string): string[] {
  const problems: string[] = [];
  const rank: Record<Layer, number> = { bin: 3, adapters: 2, commands: 1, src: 0 };
  for (const layer of LAYERS) {
    for (const file of tsFiles(join(base, layer))) {
      const rel = posix(relative(base, file));
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = spec.startsWith('.') ? posix(relative(base, resolve(dirname(file), spec))) : spec;
        const core = layer === 'src' || layer === 'commands';
        if (core && /^(discord\.js|@discordjs\/|@slack\/)/.test(spec)) problems.push(`${rel} imports ${spec}`);
        if ((spec === 'openai' || spec.startsWith('openai/')) && !rel.startsWith('src/briefing/')) problems.push(`${rel} imports ${spec} outside src/briefing/`);
        if (!spec.startsWith('.')) continue;
        const to = layerOf(target);
        if (to && rank[to] > rank[layer]) problems.push(`${rel} imports ${spec} (${layer}/ must not import ${to}/)`);
        if (layer === 'src' && target.startsWith('src/app/') && !rel.startsWith('src/app/')) problems.push(`${rel} imports ${spec} (only src/app/ imports src/app/)`);
      }
    }
  }
  return problems;
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(base: string): string[][] {
  const graph = importGraph(base);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Files of `src/` longer than `max` lines. */
export function longFiles(base: string, max: number): string[] {
  return tsFiles(join(base, 'src'))
    .map((f) => ({ f: posix(relative(base, f)), n: readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.n > max)
    .map((x) => `${x.f}: ${x.n} lines`);
}

/**
 * Functions longer than `max` lines of their own. A factory that returns an object of small methods is
 * fine: the lines of nested functions count for those functions, not for the one around them.
 */
export function longFunctions(base: string, max: number, layers: readonly Layer[] = ['src', 'commands', 'adapters', 'bin']): string[] {
  const out: string[] = [];
  for (const layer of layers) {
    for (const file of tsFiles(join(base, layer))) {
      const text = readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line;
      const span = (n: ts.Node) => lineOf(n.getEnd()) - lineOf(n.getStart(sf)) + 1;
      const walk = (node: ts.Node, owner: string): void => {
        if (isFunctionLike(node)) {
          const nested = directlyNestedFunctions(node).reduce((sum, n) => sum + span(n), 0);
          const own = span(node) - nested;
          const name = functionName(node, sf);
          if (own > max) out.push(`${posix(relative(base, file))}: ${name} has ${own} lines`);
          ts.forEachChild(node, (c) => walk(c, name));
          return;
        }
        ts.forEachChild(node, (c) => walk(c, owner));
      };
      walk(sf, '');
    }
  }
  return out;
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isGetAccessor(n) || ts.isConstructorDeclaration(n);
}

function directlyNestedFunctions(fn: ts.Node): ts.Node[] {
  const found: ts.Node[] = [];
  const walk = (n: ts.Node) => {
    if (n !== fn && isFunctionLike(n)) {
      found.push(n);
      return;
    }
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(fn, walk);
  return found;
}

function functionName(n: ts.FunctionLikeDeclaration, sf: ts.SourceFile): string {
  if (n.name) return n.name.getText(sf);
  const parent = n.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(sf);
  return `(anonymous at line ${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1})`;
}
