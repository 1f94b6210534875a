/**
 * Discord's documented message limits, enforced by the emulator the way the real API does (400, code 50035
 * "Invalid Form Body"), so an adapter that builds a malformed message fails its e2e test.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  rows: 5,
  perRow: 5,
  customId: 100,
  label: 80,
  threadName: 100,
} as const;

const len = (v: unknown): number => (typeof v === 'string' ? v.length : 0);

/** Characters Discord counts toward the 6,000 per-message embed budget. */
export function embedChars(e: Json): number {
  let n = len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
  for (const f of e.fields ?? []) n += len(f.name) + len(f.value);
  return n;
}

/** Problems with a message create/edit body; empty when Discord would accept it. */
export function messageProblems(body: Json, isEdit = false): string[] {
  const p: string[] = [];
  const embeds: Json[] = body.embeds ?? [];
  const components: Json[] = body.components ?? [];
  if (len(body.content) > LIMITS.content) p.push(`content: ${len(body.content)} > ${LIMITS.content}`);
  if (!isEdit && !body.content && embeds.length === 0 && components.length === 0) p.push('empty message');
  if (embeds.length > LIMITS.embeds) p.push(`embeds: ${embeds.length} > ${LIMITS.embeds}`);
  let total = 0;
  embeds.forEach((e, i) => {
    total += embedChars(e);
    if (len(e.title) > LIMITS.title) p.push(`embeds[${i}].title too long`);
    if (len(e.description) > LIMITS.description) p.push(`embeds[${i}].description too long`);
    if (len(e.footer?.text) > LIMITS.footer) p.push(`embeds[${i}].footer too long`);
    if (len(e.author?.name) > LIMITS.authorName) p.push(`embeds[${i}].author too long`);
    const fields: Json[] = e.fields ?? [];
    if (fields.length > LIMITS.fields) p.push(`embeds[${i}].fields: too many`);
    fields.forEach((f, j) => {
      if (!f.name || len(f.name) > LIMITS.fieldName) p.push(`embeds[${i}].fields[${j}].name invalid`);
      if (!f.value || len(f.value) > LIMITS.fieldValue) p.push(`embeds[${i}].fields[${j}].value invalid`);
    });
    if (e.url !== undefined && !/^https?:\/\//.test(String(e.url))) p.push(`embeds[${i}].url not a URL`);
  });
  if (total > LIMITS.embedTotal) p.push(`embeds total ${total} > ${LIMITS.embedTotal}`);
  if (components.length > LIMITS.rows) p.push(`components: ${components.length} rows > ${LIMITS.rows}`);
  const ids = new Set<string>();
  components.forEach((row, i) => {
    const items: Json[] = row.components ?? [];
    if (row.type !== 1 || items.length === 0 || items.length > LIMITS.perRow) p.push(`components[${i}] bad action row`);
    for (const c of items) {
      const id = c.custom_id as string | undefined;
      if (c.type !== 2 || c.style !== 5) {
        if (!id || id.length > LIMITS.customId) p.push(`components[${i}] custom_id invalid`);
        else if (ids.has(id)) p.push(`components[${i}] duplicate custom_id ${id}`);
        else ids.add(id);
      }
      if (c.type === 2 && len(c.label) > LIMITS.label) p.push(`components[${i}] label too long`);
      if (c.type === 3 && (items.length !== 1 || (c.options ?? []).length > 25)) p.push(`components[${i}] bad select`);
    }
  });
  return p;
}
