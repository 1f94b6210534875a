/** The capabilities layered on the core by default (briefings, extra sources, follow-ups). */
import type { RadarExtensions } from './start-radar.js';

export function defaultExtensions(): RadarExtensions[] {
  return [];
}
