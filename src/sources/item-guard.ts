/**
 * Per-item resilience for every feed parser: converting one item that throws (a malformed DOI escape, an
 * unexpected shape) skips that item — reported through `onSkip` so the source can log a warning — and
 * keeps the rest. One bad item never loses a feed.
 */

export interface SkippedItem {
  /** Position of the item in the feed. */
  readonly index: number;
  readonly reason: string;
}

export type OnSkippedItem = (item: SkippedItem) => void;

export interface ItemOptions {
  /** Called for each item skipped because it could not be converted. */
  readonly onSkip?: OnSkippedItem;
}

/** `convert` applied to each item; an item whose conversion throws is skipped and reported. */
export function convertEach<T, R>(items: readonly T[], convert: (item: T) => R | undefined, onSkip?: OnSkippedItem): R[] {
  const out: R[] = [];
  items.forEach((item, index) => {
    try {
      const r = convert(item);
      if (r !== undefined) out.push(r);
    } catch (err) {
      onSkip?.({ index, reason: err instanceof Error ? err.message : String(err) });
    }
  });
  return out;
}
