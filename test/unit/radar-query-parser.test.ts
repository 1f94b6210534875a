import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { describeQuery, extractCategories, parseQuery, QUERY_LIMITS } from '../../src/radar/query-parser.js';
import { subscriptionKeyOf } from '../../src/radar/subscription-key.js';

function errorOf(text: string): UserError {
  try {
    parseQuery(text);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).code).toBe('query_invalid');
    return e as UserError;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parseQuery: the documented examples', () => {
  it.each([
    ['author:"Yinmin Zhong"', 'author:"Yinmin Zhong"'],
    ['au:Zhong', 'author:Zhong'],
    ['cat:cs.LG', 'cat:cs.LG'],
    ['cat:cs.lg', 'cat:cs.LG'],
    ['cat:cs', 'cat:cs.*'],
    ['cat:cs.*', 'cat:cs.*'],
    ['title:diffusion', 'title:diffusion'],
    ['ti:diffusion', 'title:diffusion'],
    ['abs:"in-context learning"', 'abs:"in-context learning"'],
    ['abstract:transformer', 'abs:transformer'],
    ['"mixture of experts" routing -survey', '"mixture of experts" routing -survey'],
    ['(MoE OR "mixture-of-experts") AND cat:cs.CL', '(MoE OR mixture-of-experts) cat:cs.CL'],
    ['cat:cs.CL NOT cat:cs.CV', 'cat:cs.CL -cat:cs.CV'],
    ['MoE | routing', 'MoE OR routing'],
    ['a OR b c', 'a OR b c'],
    ['(a OR b) c', '(a OR b) c'],
    ['x -(a OR b)', 'x -(a OR b)'],
    ['x NOT NOT y', 'x -(-y)'],
    ['cat:physics.acc-ph', 'cat:physics.acc-ph'],
    ['CAT:Math.oc', 'cat:math.OC'],
  ])('%s → %s', (input, canonical) => {
    expect(describeQuery(parseQuery(input))).toBe(canonical);
  });

  it('builds the expected tree', () => {
    const q = parseQuery('(MoE OR "mixture-of-experts") AND cat:cs.CL');
    expect(q.termCount).toBe(3);
    expect(q.root).toMatchObject({
      kind: 'and',
      children: [
        {
          kind: 'or',
          children: [
            { kind: 'text', field: 'any', text: 'MoE', tokens: ['moe'], column: 2 },
            { kind: 'text', text: 'mixture-of-experts', quoted: true, tokens: ['mixture', 'of', 'expert'] },
          ],
        },
        { kind: 'category', value: 'cs.cl', prefix: false, text: 'cs.CL' },
      ],
    });
  });

  it('juxtaposition is AND, binds tighter than OR, and lower-case or/and are words', () => {
    expect(parseQuery('a b OR c').root).toMatchObject({ kind: 'or', children: [{ kind: 'and' }, { kind: 'text' }] });
    expect(parseQuery('a or b').root).toMatchObject({ kind: 'and', children: [{}, { text: 'or' }, {}] });
  });

  it('extractCategories returns the positive cat: terms, canonical and de-duplicated', () => {
    expect(extractCategories(parseQuery('(MoE OR "mixture-of-experts") AND cat:cs.CL'))).toEqual(['cs.CL']);
    expect(extractCategories(parseQuery('cat:cs.lg (x OR cat:stat.ML) -cat:cs.CV cat:cs.LG'))).toEqual(['cs.LG', 'stat.ML']);
    expect(extractCategories(parseQuery('cat:cs.* diffusion'))).toEqual(['cs']);
    expect(extractCategories(parseQuery('au:Zhong'))).toEqual([]);
  });
});

describe('parseQuery: errors point at the bad token', () => {
  it.each([
    ['"mixture of experts routing', 'Unbalanced quote at column 1: "mixture of experts routing', 1],
    ['MoE AND abs:"in-context', 'Unbalanced quote at column 13: "in-context', 13],
    ['(MoE OR routing', "Unclosed '(' at column 1: (MoE OR routing", 1],
    ['MoE routing)', "Unexpected ')' (no matching '(') at column 12: )", 12],
    ['MoE OR', "Expected a term after 'OR' at column 5: OR", 5],
    ['OR MoE', "'OR' needs a term on its left at column 1: OR MoE", 1],
    ['MoE AND', "Expected a term after 'AND' at column 5: AND", 5],
    ['MoE ()', 'Empty parentheses at column 5: ()', 5],
    ['MoE - survey', "Lone '-' (write -term to exclude a term) at column 5: - survey", 5],
    ['foo:bar', "Unknown field 'foo:' (use author: or au:, title: or ti:, abs:, cat:, topic:, like:) at column 1: foo:bar", 1],
    ['title: diffusion', "Missing value after 'title:' at column 1: title: diffusion", 1],
    ['title:(a OR b)', "'title:' must be followed by a word or a \"quoted phrase\", not a group at column 1: title:(a OR b)", 1],
    ['x cat:cs.LG.extra', 'Invalid category (expected e.g. cat:cs.LG, cat:cs or cat:cs.*) at column 3: cat:cs.LG.extra', 3],
    ['x "..."', 'Term has no letters or digits to search for at column 3: "..."', 3],
    ['NOT cat:cs.CV', 'Query only excludes papers at column 1: NOT cat:cs.CV', 1],
    ['-survey', 'Query only excludes papers at column 1: -survey', 1],
    ['MoE OR -survey', 'Query only excludes papers at column 8: -survey', 8],
    ['   ', 'Query is empty.', 0],
  ])('%s', (input, firstLine, column) => {
    const msg = errorOf(input).message;
    expect(msg.split('\n')[0]).toBe(firstLine);
    if (column > 0) {
      const [, line, caret] = msg.split('\n');
      expect(line).toBe(`  ${input}`);
      expect(caret).toBe(`  ${' '.repeat(column - 1)}^`);
    }
  });

  it('suggests a fix for pure negations', () => {
    expect(errorOf('NOT cat:cs.CV').message).toContain('cat:cs.CL NOT cat:cs.CV');
  });

  it('windows the caret line on long queries', () => {
    const text = `${'word '.repeat(40)}"open`;
    const [, line, caret] = errorOf(text).message.split('\n');
    expect(line!.length).toBeLessThan(90);
    expect(line!.slice(caret!.indexOf('^'), caret!.indexOf('^') + 5)).toBe('"open');
  });
});

describe('parseQuery: limits and hostile input', () => {
  it('rejects queries over 500 characters', () => {
    expect(errorOf('a'.repeat(501)).message).toBe('Query is too long: 501 characters (the limit is 500).');
    expect(() => parseQuery(`x${' '.repeat(498)}y`)).not.toThrow();
  });

  it('rejects 10,000 terms quickly with a clear message', () => {
    const start = performance.now();
    expect(errorOf(Array.from({ length: 10_000 }, (_, i) => `t${i}`).join(' ')).message).toMatch(/too long/);
    expect(errorOf('(a OR '.repeat(10_000)).message).toMatch(/too long/);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('rejects more than 64 terms, pointing at the 65th', () => {
    const ok = Array.from({ length: QUERY_LIMITS.maxTerms }, () => 'a').join(' ');
    expect(parseQuery(ok).termCount).toBe(64);
    const msg = errorOf(`${ok} b`).message;
    expect(msg.split('\n')[0]).toBe('Too many terms (limit 64) at column 129: b');
  });

  it('rejects nesting deeper than 8', () => {
    expect(() => parseQuery(`${'('.repeat(8)}a${')'.repeat(8)}`)).not.toThrow();
    expect(errorOf(`${'('.repeat(9)}a${')'.repeat(9)}`).message.split('\n')[0]).toBe(
      'Parentheses nested too deeply (limit 8) at column 9: (a)))))))))',
    );
  });

  it('treats regex metacharacters as plain text', () => {
    for (const text of ['"a.*b"', '"^x$"', '"[c]{2}"', '"a\\\\b"', 'a.*+?^${}[]\\b', '"(x|y)"', 'c++']) {
      expect(() => parseQuery(text)).not.toThrow();
    }
    expect(parseQuery('"a.*b [c]{2} x?"').root).toMatchObject({ tokens: ['a', 'b', 'c', '2', 'x'] });
    expect(errorOf('".*+?^${}()|[]\\\\"').message).toMatch(/^Term has no letters or digits/);
    expect(errorOf('a (').message).toMatch(/^Unclosed '\(' at column 3/);
    expect(errorOf('a |').message).toMatch(/^Expected a term after '\|' at column 3/);
  });

  it('survives arbitrary junk: either a Query or a UserError', () => {
    const junk = ['"', '((', '))', '-', '--a', 'NOT', 'AND AND', '|||', 'a:', ':a', '"a" "', 'au:""', 'cat:', '\u0000', '💥'];
    for (const j of junk) {
      try {
        parseQuery(j);
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
      }
    }
  });
});

describe('subscriptionKeyOf: which queries are one subscription', () => {
  const same = (a: string, b: string) => subscriptionKeyOf(a) === subscriptionKeyOf(b);

  it('is the same for queries that match the same papers, spelled differently', () => {
    expect(same('Diffusion  Models', 'diffusion model')).toBe(true);
    expect(same('"Mixture of Experts" -Survey', '"mixture of experts" -survey')).toBe(true);
    expect(same('author:"Yinmin Zhong"', 'author:"yinmin  zhong"')).toBe(true);
    expect(same('cat:cs.lg OR cat:CS.CL', 'cat:cs.LG OR cat:cs.CL')).toBe(true);
    expect(same('title:Transformers', 'title:transformer')).toBe(true);
    // the order of ANDed or ORed terms does not change what matches
    expect(same('cat:cs.LG "diffusion models" -survey', '-Survey "Diffusion Model" cat:cs.lg')).toBe(true);
    expect(same('(MoE OR "mixture of experts") routing', 'routing AND ("Mixture of Experts" OR moe)')).toBe(true);
  });

  it('tells apart queries that match different papers', () => {
    expect(same('"diffusion models"', 'diffusion models')).toBe(false);
    expect(same('title:diffusion', 'diffusion')).toBe(false);
    expect(same('a OR b', 'a b')).toBe(false);
    expect(same('(a OR b) c', 'a OR (b c)')).toBe(false);
    expect(same('"graph neural"', '"neural graph"')).toBe(false);
    expect(same('-survey diffusion', 'survey -diffusion')).toBe(false);
    expect(same('cat:cs.*', 'cat:cs.LG')).toBe(false);
    expect(same('author:"Yinmin Zhong"', 'Yinmin Zhong')).toBe(false);
  });

  // Every subscription row stores its key (migration 0012) and the unique index compares stored keys with
  // new ones. If this test fails, the key of a stored query changed with the code: add a migration that
  // re-keys the stored rows (as 0012 does, removing the copies it finds), or a channel's old and new
  // spellings of one query will both be held.
  it('gives the keys the stored rows were written with', () => {
    const keys = Object.fromEntries(
      ['Diffusion  Models', '"Mixture of Experts" -Survey', 'author:"Yinmin Zhong"', 'cat:cs.lg OR cat:CS.CL', '(MoE OR "mixture-of-experts") AND cat:cs.CL', 'topic:"sparse expert routing"', 'abs:"in-context learning" -survey', 'policies classes analyses GPUs', 'Müller'].map((q) => [q, subscriptionKeyOf(q)]),
    );
    expect(keys).toEqual({
      'Diffusion  Models': '"diffusion" "model"',
      '"Mixture of Experts" -Survey': '"mixture of expert" -"survey"',
      'author:"Yinmin Zhong"': 'author:"yinmin zhong"',
      'cat:cs.lg OR cat:CS.CL': 'cat:cs.CL OR cat:cs.LG',
      '(MoE OR "mixture-of-experts") AND cat:cs.CL': '("mixture of expert" OR "moe") cat:cs.CL',
      'topic:"sparse expert routing"': 'topic:"topic:sparse expert routing"',
      'abs:"in-context learning" -survey': '-"survey" abs:"in context learning"',
      'policies classes analyses GPUs': '"analyse" "class" "gpu" "policy"',
      'Müller': '"muller"',
    });
  });

  it('is the text itself for a query that does not parse (stored under an older grammar)', () => {
    expect(subscriptionKeyOf('  author:  ')).toBe('author:');
  });
});
