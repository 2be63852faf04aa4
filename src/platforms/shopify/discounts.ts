// The Shopify side of the loyalty DiscountCodeIssuer port: one single-use, one-customer code per
// redemption through the GraphQL Admin API. Idempotent on the code: if a retry finds the code
// already taken by our own earlier attempt (same title), it returns that discount instead of
// failing, so a timeout followed by a retry never yields two codes.
import type { DiscountCodeFailure, DiscountCodeIssuer, DiscountCodeRequest, DiscountCodeResult } from '../../crm/loyalty/discounts.port.ts';
import type { ShopifyAdminClient, ShopifyAdminFailure, ShopifyUserError } from './admin-api.types.ts';
import { buildDiscountInput } from './discounts.input.ts';

type CreatePayload = { codeDiscountNode: { id: string } | null; userErrors: ShopifyUserError[] };
type ByCode = { codeDiscountNodeByCode: { id: string; codeDiscount: { __typename?: string; title?: string } | null } | null };

const BY_CODE = `query RapportDiscountByCode($code: String!) {
  codeDiscountNodeByCode(code: $code) {
    id
    codeDiscount { __typename ... on DiscountCodeBasic { title } ... on DiscountCodeFreeShipping { title } }
  }
}`;

const DEACTIVATE = `mutation RapportDiscountDeactivate($id: ID!) {
  discountCodeDeactivate(id: $id) { codeDiscountNode { id } userErrors { field message code } }
}`;

export function createShopifyDiscountIssuer(client: ShopifyAdminClient): DiscountCodeIssuer {
  async function create(request: DiscountCodeRequest): Promise<DiscountCodeResult> {
    const input = buildDiscountInput(request);
    if (!input.ok) return { ok: false, retryable: false, reason: input.reason };
    const result = await client.mutation<CreatePayload>(input.mutation, input.query, input.variables);
    if (!result.ok) return fromClientFailure(result.error);
    if (result.userErrors.length === 0 && result.data.codeDiscountNode) {
      return { ok: true, code: request.code, externalId: result.data.codeDiscountNode.id, alreadyExisted: false };
    }
    // Shopify answers a duplicate with a userError on the `code` field (code TAKEN); confirm by
    // looking the code up rather than trusting the message text.
    if (result.userErrors.some(isAboutCode)) {
      const existing = await findOurs(request);
      if (existing) return existing;
    }
    return refused(result.userErrors);
  }

  async function findOurs(request: DiscountCodeRequest): Promise<DiscountCodeResult | null> {
    const found = await client.query<ByCode>(BY_CODE, { code: request.code });
    if (!found.ok) return fromClientFailure(found.error);
    const node = found.data.codeDiscountNodeByCode;
    if (!node) return null;
    // Same code, different title: a merchant's own discount, not an earlier attempt of ours.
    if (node.codeDiscount?.title !== undefined && node.codeDiscount.title !== request.title) {
      return { ok: false, retryable: false, reason: `The code ${request.code} is already used by another discount in Shopify.` };
    }
    return { ok: true, code: request.code, externalId: node.id, alreadyExisted: true };
  }

  async function disable(externalId: string): Promise<{ ok: true } | DiscountCodeFailure> {
    const result = await client.mutation<{ userErrors: ShopifyUserError[] }>('discountCodeDeactivate', DEACTIVATE, { id: externalId });
    if (!result.ok) return fromClientFailure(result.error);
    // An unknown id comes back as a userError on `id`: already gone counts as done.
    const blocking = result.userErrors.filter((e) => !(e.field ?? []).includes('id'));
    return blocking.length === 0 ? { ok: true } : refused(blocking);
  }

  return { create, disable };
}

function isAboutCode(error: ShopifyUserError): boolean {
  const field = error.field ?? [];
  return field[field.length - 1] === 'code' && (error.code === null || error.code === 'TAKEN' || error.code === 'DUPLICATE');
}

function refused(errors: ShopifyUserError[]): DiscountCodeFailure {
  const details = errors
    .slice(0, 3)
    .map((e) => e.message)
    .join('; ');
  return { ok: false, retryable: false, reason: `Shopify refused the discount: ${details || 'no reason given'}` };
}

const REASONS: Record<ShopifyAdminFailure['kind'], string> = {
  unauthorized: "Shopify rejected the app's access; reconnect the store in Rapport.",
  forbidden: 'Rapport lacks permission to manage discounts in this store (write_discounts), or the store is frozen.',
  not_found: 'The Shopify store could not be found.',
  throttled: 'Shopify is busy (rate limited); Rapport will try again.',
  network: 'Could not reach Shopify; Rapport will try again.',
  server: 'Shopify had a temporary problem; Rapport will try again.',
  graphql: 'Shopify did not accept the request from Rapport.',
};

function fromClientFailure(error: ShopifyAdminFailure): DiscountCodeFailure {
  return { ok: false, retryable: error.retryable, reason: REASONS[error.kind] };
}
