/**
 * No user-facing English outside the catalogue: a string literal that reads like a sentence must not be
 * handed to a user (`reply`, `progress`, `openThread`, a message `text`/`note`/`label`, `UserError`) from
 * `commands/` or the core. The planted file shows the scan catching each form.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsFiles } from '../architecture/rules.js';

const root = resolve(import.meta.dirname, '../..');
const LITERAL = /(['"`])((?:\\.|(?!\1).)*)\1/g;
const SENTENCE = /[A-Za-z]{2,}(?: +[A-Za-z']{2,}){2,}/;
const USER_SINK = /\breply\(|\bprogress\(|\bopenThread\(|\b(text|note|label|summary|tldr):\s|new UserError\(/;

/** `file:line` of every sentence literal sent to a user. */
export function userFacingLiterals(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
        if (!USER_SINK.test(line)) return;
        // A source's fetch `note` is for the logs (the digest words "no announcement" itself).
        if (relative(root, file).startsWith('src/sources/') && /\bnote:\s/.test(line) && !/reply\(|progress\(|UserError/.test(line)) return;
        const literals = [...line.matchAll(LITERAL)].map((m) => m[2]!.replace(/\$\{[^}]*\}/g, ' '));
        if (literals.some((text) => SENTENCE.test(text))) found.push(`${relative(root, file)}:${i + 1}`);
      });
  }
  return found;
}

describe('user-facing words', () => {
  it('commands/ and src/ hand no literal English sentence to a user', () => {
    const files = [...tsFiles(join(root, 'commands')), ...tsFiles(join(root, 'src'))].filter((f) => !f.includes(`${join('src', 'i18n')}`) && !f.endsWith('prompts.ts'));
    expect(userFacingLiterals(files)).toEqual([]);
  });

  it('catches each planted form', () => {
    const planted = join(root, 'test/fixtures/architecture/planted-english.ts');
    expect(userFacingLiterals([planted]).map((l) => l.split(':').at(-1))).toEqual(['3', '4', '5', '6', '7']);
  });
});
