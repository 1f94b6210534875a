/** The PaperSource port: anything that can list recently announced papers. */
import type { Paper } from '../papers/paper.js';

export interface FetchResult {
  readonly papers: Paper[];
  /**
   * `none` when the source says nothing was announced today (weekend, holiday) — not an error.
   * `ok` otherwise.
   */
  readonly status: 'ok' | 'none';
  /** Source-specific note for logs, e.g. `no announcement on 2026-11-26 (holiday)`. */
  readonly note?: string;
  /**
   * Called once these papers are stored: what a source records as read (the arXiv listings) must never get
   * ahead of the store, or a crash in between would lose them for good.
   */
  readonly stored?: () => Promise<void>;
}

export interface PaperSource {
  readonly id: string;
  /**
   * Fetch the latest announcement for the given arXiv-style categories (sources that are not
   * category-based ignore them). Throws SourceError when the source failed after its retries.
   */
  fetchLatest(categories: readonly string[], signal?: AbortSignal): Promise<FetchResult>;
}
