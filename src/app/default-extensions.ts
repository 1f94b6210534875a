/**
 * The capabilities layered on the core by default: extra sources (Hugging Face Papers, journal feeds,
 * Crossref, one card per work, follow-ups) and LLM briefings / paper Q&A (with a no-LLM fallback).
 */
import { briefingExtension } from '../briefing/extension.js';
import { sourcesExtension } from '../sources/hf-journal-extension.js';
import type { RadarExtensions } from './start-radar.js';

export function defaultExtensions(): RadarExtensions[] {
  return [sourcesExtension(), briefingExtension()];
}
