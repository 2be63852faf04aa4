import type { TFunction } from 'i18next';
import type { Segment, SegmentField } from '../../api.ts';

// Built-in segments are stored with English names (src/crm/segments/built-in-segments.ts) and a
// stable `builtIn` key: the panel names and describes them in the admin's language by that key. A
// merchant's own segments keep the name they gave. Field descriptions likewise, by field name. The
// English from the API stays the fallback (a built-in or field newer than this panel's locales).

const TIER_PREFIX = 'Tier: ';

/** `rfm:champions` → `rfm_champions` (i18next reads `:` as a namespace); every `tier:<id>` → `tier`. */
const keyOf = (builtIn: string) => (builtIn.startsWith('tier:') ? 'tier' : builtIn.replace(/:/g, '_'));

/** The tier's own name, which the stored built-in name carries after "Tier: ". */
const tierOf = (s: Pick<Segment, 'name'>) => (s.name.startsWith(TIER_PREFIX) ? s.name.slice(TIER_PREFIX.length) : s.name);

export function segmentName(t: TFunction, s: Pick<Segment, 'name' | 'builtIn'>): string {
  if (!s.builtIn) return s.name;
  return t(`segments.builtIns.${keyOf(s.builtIn)}.name`, { tier: tierOf(s), defaultValue: s.name });
}

/** A built-in's one-line description, or null for a merchant's segment (or an unknown built-in). */
export function segmentDescription(t: TFunction, s: Pick<Segment, 'name' | 'builtIn'>): string | null {
  if (!s.builtIn) return null;
  const text = t(`segments.builtIns.${keyOf(s.builtIn)}.description`, { tier: tierOf(s), defaultValue: '' });
  return text || null;
}

export function fieldDescription(t: TFunction, field: Pick<SegmentField, 'name' | 'description'>): string {
  return t(`segments.fields.${field.name}`, { defaultValue: field.description });
}
