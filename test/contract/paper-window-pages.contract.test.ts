/**
 * A window of papers is read a page at a time with the event loop free between pages (a day is ~3,000
 * papers; SQLite answers synchronously, so one statement held the loop for the whole read): every paper of
 * the window, once, in id order, on every backend.
 */
import { describe, expect, it } from 'vitest';
import { paper, storeBackends } from './store-backends.js';

const numbered = (n: number, day: string) => paper(`2611.${String(n).padStart(5, '0')}`, day);

describe.each(storeBackends('window-pages'))('%s', (_name, open) => {
  it('reads a window larger than a page whole, once each, in id order, yielding to the event loop', async () => {
    const store = await open();
    try {
      // 1,300 papers over two window days (more than two pages) beside a day outside the window; stored out of order
      const inWindow = Array.from({ length: 1300 }, (_, i) => numbered(1300 - i, i % 2 ? '2026-11-23' : '2026-11-24'));
      await store.papers.putMany([...inWindow, numbered(9001, '2026-11-20'), numbered(9002, '2026-11-20')]);
      let turns = 0;
      const counting = setInterval(() => turns++, 0);
      const read = await store.papers.listByDays(['2026-11-23', '2026-11-24']).finally(() => clearInterval(counting));
      expect(read.map((p) => p.id)).toEqual(inWindow.map((p) => p.id).sort());
      expect(turns).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
