/** Which statement texts the PostgreSQL store prepares: repeated ones, from their second run, and a bounded number of them. */
import { describe, expect, it } from 'vitest';
import { MAX_NAMED, StatementNames } from '../../src/store/sql/pg-prepared.js';

describe('statement names', () => {
  it('names a text the second time it runs, and keeps that name', () => {
    const names = new StatementNames();
    expect(names.nameOf('select 1 where a = $1')).toBeUndefined();
    const name = names.nameOf('select 1 where a = $1');
    expect(name).toMatch(/^radar_\d+$/);
    expect(names.nameOf('select 1 where a = $1')).toBe(name);
    expect(names.nameOf('select 2 where a = $1')).toBeUndefined();
    expect(names.nameOf('select 2 where a = $1')).not.toBe(name);
  });

  it('leaves one-off texts unnamed, and names no more than MAX_NAMED texts however many run', () => {
    const names = new StatementNames();
    for (let i = 0; i < 10_000; i++) expect(names.nameOf(`select * from t where id in (${'$1,'.repeat(i)}$1)`)).toBeUndefined();
    for (let i = 0; i < MAX_NAMED + 50; i++) {
      names.nameOf(`q${i} $1`);
      names.nameOf(`q${i} $1`);
    }
    expect(names.size).toBe(MAX_NAMED);
    expect(names.nameOf(`q${MAX_NAMED + 10} $1`)).toBeUndefined();
    expect(names.nameOf('q0 $1')).toBe('radar_0');
  });
});
