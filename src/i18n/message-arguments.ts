/**
 * The argument names of an ICU message (`{query}`, `{count, plural, …}`), from the formatjs parser's tree: the
 * catalogue test compares them between languages, and the translator fills an argument nobody passed with its
 * own `{name}` instead of failing (a missing value must not lose the user a reply).
 */
import {
  isArgumentElement,
  isLiteralElement,
  isDateElement,
  isNumberElement,
  isPluralElement,
  isSelectElement,
  isTagElement,
  isTimeElement,
  parse,
  type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';

/** Parses a catalogue message as the translator does (tags are text). */
export const parseMessage = (text: string): MessageFormatElement[] => parse(text, { ignoreTag: true });

/** Every argument name of the message, each once, sorted. */
export function argumentNames(elements: readonly MessageFormatElement[]): string[] {
  const names = new Set<string>();
  const visit = (els: readonly MessageFormatElement[]): void => {
    for (const el of els) {
      if (isArgumentElement(el) || isNumberElement(el) || isDateElement(el) || isTimeElement(el)) names.add(el.value);
      else if (isPluralElement(el) || isSelectElement(el)) {
        names.add(el.value);
        for (const option of Object.values(el.options)) visit(option.value);
      } else if (isTagElement(el)) visit(el.children);
    }
  };
  visit(elements);
  return [...names].sort();
}

/** A message's text and plain arguments in order. */
export type PlainParts = readonly (string | { readonly argument: string })[];

/** The parts of a message made only of text and plain `{name}` arguments; undefined for any other. */
export function plainParts(elements: readonly MessageFormatElement[]): PlainParts | undefined {
  const parts: (string | { argument: string })[] = [];
  for (const el of elements) {
    if (isLiteralElement(el)) parts.push(el.value);
    else if (isArgumentElement(el)) parts.push({ argument: el.value });
    else return undefined;
  }
  return parts;
}
