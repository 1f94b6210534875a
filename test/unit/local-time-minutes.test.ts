import { describe, expect, it } from 'vitest';
import { localParts } from '../../src/schedule/local-time.js';

describe('local time by the minute', () => {
  it('answers each zone and minute on its own', () => {
    const at = new Date('2026-12-01T23:30:10Z');
    expect(localParts(at, 'UTC')).toEqual({ day: '2026-12-01', time: '23:30' });
    expect(localParts(at, 'Asia/Shanghai')).toEqual({ day: '2026-12-02', time: '07:30' });
    expect(localParts(new Date('2026-12-01T23:30:59Z'), 'UTC')).toBe(localParts(at, 'UTC'));
    expect(localParts(new Date('2026-12-01T23:31:00Z'), 'UTC').time).toBe('23:31');
  });

  it('formats instants of zones whose offset had seconds (before 1972) each time', () => {
    // Monrovia kept −00:44:30 until 1972: 00:00:20 UTC was 23:15:50 there, 00:00:40 UTC already 23:16:10
    expect(localParts(new Date('1960-06-01T00:00:20Z'), 'Africa/Monrovia').time).toBe('23:15');
    expect(localParts(new Date('1960-06-01T00:00:40Z'), 'Africa/Monrovia').time).toBe('23:16');
  });
});
