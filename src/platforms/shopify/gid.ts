// Shopify global ids: `gid://shopify/<Type>/<numeric id>`, the id webhooks carry as a number.
// Ids stay strings end to end: they can exceed 2^53, which a JavaScript number would round.

const GID = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d{1,20})$/;
const BARE_ID = /^\d{1,20}$/;

/** The gid of `type` for a numeric id; a value that is already a gid is returned as it is. */
export function toGid(type: string, id: string): string {
  return id.startsWith('gid://') ? id : `gid://shopify/${type}/${id}`;
}

/**
 * The numeric id inside a gid of `expectedType`, or null when the value is not one (malformed,
 * or a gid of another type). `allowBareId`: a plain numeric id is accepted as the same thing.
 */
export function parseGid(value: string, expectedType: string, options: { allowBareId?: boolean } = {}): string | null {
  if (options.allowBareId && BARE_ID.test(value)) return value;
  const m = GID.exec(value);
  return m && m[1] === expectedType ? m[2]! : null;
}

/**
 * `gid://shopify/Order/820982911946154508` -> `820982911946154508`: the numeric tail of a gid whose
 * type the GraphQL query already fixed (Shopify's `legacyResourceId`); query parameters dropped.
 */
export function legacyId(gid: string): string {
  const slash = gid.lastIndexOf('/');
  const tail = slash >= 0 ? gid.slice(slash + 1) : gid;
  const q = tail.indexOf('?');
  return q >= 0 ? tail.slice(0, q) : tail;
}
