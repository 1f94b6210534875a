/**
 * Hardened XML parsing for feeds from the outside world. Refuses entity declarations (billion laughs),
 * oversized bodies, non-XML bodies (HTML error pages, JSON, empty) and malformed XML with a SourceError
 * whose code says which. Namespace prefixes are kept as written (`arxiv:doi`, `dc:creator`), which works
 * for arXiv's legacy files that redeclare namespaces on every element and for RDF's default namespace.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SourceError } from '../errors.js';

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;

/** Elements that repeat in RSS 2.0 / RDF / Atom; always arrays, even with one (or after filtering) element. */
const REPEATED = new Set([
  'entry',
  'item',
  'author',
  'category',
  'link',
  'dc:creator',
  'arxiv:affiliation',
  'day',
  'rdf:li',
]);

export type XmlNode = Record<string, unknown>;

export interface ParseXmlOptions {
  /** Refuse bodies larger than this many bytes. Default 10 MB (a real 2,000-item arXiv listing is a few MB). */
  readonly maxBytes?: number;
  /** Name of the document in error messages, e.g. the URL. */
  readonly label?: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  removeNSPrefix: false,
  parseTagValue: false, // a title `0` stays the string "0"; ids stay strings
  parseAttributeValue: false,
  trimValues: true,
  processEntities: {
    enabled: true,
    maxEntityCount: 0,
    maxTotalExpansions: 100_000,
    maxExpandedLength: 50_000_000,
  },
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (tagName, _jpath, _isLeaf, isAttribute) => !isAttribute && REPEATED.has(tagName),
});

function describe(label: string | undefined): string {
  return label ? ` (${label})` : '';
}

function decode(body: string | Buffer): string {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: false }).decode(body);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Short, safe preview of a body for an error message. */
export function preview(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * Parse an XML document into plain objects (attributes `@_name`, text `#text`).
 * @throws SourceError `too_large` | `not_xml` | `xml_entities` | `xml_malformed` (none retryable).
 */
export function parseXml(body: string | Buffer, options: ParseXmlOptions = {}): XmlNode {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const where = describe(options.label);
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  if (size > maxBytes) {
    throw new SourceError('too_large', `XML body of ${size} bytes exceeds the limit of ${maxBytes} bytes${where}`, false);
  }
  const text = decode(body);
  const start = text.trimStart();
  if (start === '') throw new SourceError('not_xml', `Empty body where XML was expected${where}`, false);
  if (!start.startsWith('<')) {
    const kind = start.startsWith('{') || start.startsWith('[') ? 'JSON' : 'text';
    throw new SourceError('not_xml', `Expected XML but got ${kind}${where}: "${preview(start)}"`, false);
  }
  if (/^<!doctype\s+html|^<html[\s>]/i.test(start)) {
    throw new SourceError('not_xml', `Expected XML but got an HTML page${where}: "${preview(start)}"`, false);
  }
  if (/<!DOCTYPE/i.test(text) && /<!ENTITY/i.test(text)) {
    throw new SourceError(
      'xml_entities',
      `Refusing XML with a DOCTYPE declaring entities (possible entity-expansion attack)${where}`,
      false,
    );
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new SourceError('xml_malformed', `Malformed XML at line ${line}, column ${col}: ${msg}${where}`, false);
  }
  try {
    return parser.parse(text) as XmlNode;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new SourceError('xml_malformed', `Malformed XML: ${message}${where}`, false, { cause });
  }
}

/** `value` as an array (undefined → [], single → [single]). */
export function asArray<T = unknown>(value: unknown): T[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

/** Text content of a parsed element (string, `{ '#text': … }` with attributes, or absent). */
export function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  if (typeof value === 'object') {
    const t = (value as XmlNode)['#text'];
    return t === undefined ? '' : textOf(t);
  }
  return undefined;
}

/** An attribute of a parsed element. */
export function attrOf(value: unknown, name: string): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = (value as XmlNode)[`@_${name}`];
  return v === undefined ? undefined : String(v);
}

/** A child element object (the first when repeated). */
export function childOf(value: unknown, name: string): XmlNode | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = (value as XmlNode)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return first && typeof first === 'object' ? (first as XmlNode) : first === undefined ? undefined : { '#text': first };
}
