/**
 * The layering is a test, not a sentence: `src/` and `commands/` never import a chat platform library or
 * `adapters/`; `openai` is imported only inside `src/briefing/` (in exactly one file); no source file
 * grows past 400 lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  const specs: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) specs.push(m[1] ?? m[2] ?? m[3]!);
  return specs;
}

/** Every layering violation under `base` (directories `src/` and `commands/` inside it). */
export function layeringViolations(base: string): string[] {
  const problems: string[] = [];
  for (const layer of ['src', 'commands']) {
    let files: string[] = [];
    try {
      files = tsFiles(join(base, layer));
    } catch {
      continue;
    }
    for (const file of files) {
      const rel = relative(base, file);
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = spec.startsWith('.') ? relative(base, resolve(dirname(file), spec)) : spec;
        if (/^(discord\.js|@discordjs\/|@slack\/)/.test(spec)) problems.push(`${rel} imports ${spec}`);
        if (spec === 'openai' || spec.startsWith('openai/')) {
          if (!rel.startsWith(join('src', 'briefing'))) problems.push(`${rel} imports ${spec} outside src/briefing/`);
        }
        if (target === 'adapters' || target.startsWith(`adapters/`)) problems.push(`${rel} imports ${spec} (adapters/)`);
      }
    }
  }
  return problems;
}

describe('architecture', () => {
  it('keeps src/ and commands/ free of platform libraries and adapters/', () => {
    expect(layeringViolations(root)).toEqual([]);
  });

  it('catches a planted violation', () => {
    const planted = join(root, 'test/fixtures/architecture/planted-violation');
    const problems = layeringViolations(planted);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('imports discord.js'),
        expect.stringContaining('imports @slack/bolt'),
        expect.stringContaining('outside src/briefing/'),
        expect.stringContaining('(adapters/)'),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('imports openai in exactly one file of src/briefing/', () => {
    const users = tsFiles(join(root, 'src')).filter((f) => importsOf(readFileSync(f, 'utf8')).includes('openai'));
    expect(users.map((f) => relative(root, f))).toHaveLength(1);
    expect(relative(root, users[0]!)).toMatch(/^src\/briefing\//);
  });

  it('keeps every source file under 400 lines', () => {
    const big = ['src', 'commands', 'adapters', 'bin']
      .flatMap((d) => tsFiles(join(root, d)))
      .map((f) => ({ f: relative(root, f), n: readFileSync(f, 'utf8').split('\n').length }))
      .filter((x) => x.n > 400);
    expect(big).toEqual([]);
  });
});
