// A display name as people write it ("Ayesha Khan") into the profile's first and last name.
export function splitName(name: string | null | undefined): { firstName: string | null; lastName: string | null } {
  const words = (name ?? '').replace(/["']/g, '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return { firstName: null, lastName: null };
  return { firstName: words[0]!.slice(0, 100), lastName: words.length > 1 ? words.slice(1).join(' ').slice(0, 100) : null };
}
