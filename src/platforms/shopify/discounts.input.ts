// DiscountCodeRequest -> the GraphQL mutation and input that create it, for Admin API 2026-07.
// Pure, so each reward kind's wire shape is one table row in the tests.
//
// Shapes checked against shopify.dev (admin-graphql reference and changelog):
// - DiscountCodeBasicInput / DiscountCodeFreeShippingInput: code, title, startsAt, endsAt,
//   usageLimit, appliesOncePerCustomer, minimumRequirement, context (+ customerGets /
//   destination). Since 2025-10 `context: DiscountContextInput {customers: {add}}` replaces the
//   deprecated `customerSelection` for code discounts (changelog "discount-eligibility-management").
// - DiscountCustomerGetsValueInput: percentage is 0.0-1.0; discountAmount {amount, appliesOnEachItem}.
// - DiscountItemsInput: all | products {productsToAdd, productVariantsToAdd}.
// - DiscountMinimumRequirementInput: subtotal {greaterThanOrEqualToSubtotal: Decimal}.
import type { DiscountCodeRequest } from '../../crm/loyalty/discounts.port.ts';
import { parseGid, toGid } from './gid.ts';
import { fromMinor } from '../../lib/money.ts';

type ShopifyCreateMutation = 'discountCodeBasicCreate' | 'discountCodeFreeShippingCreate';

type ShopifyDiscountInput =
  { ok: true; mutation: ShopifyCreateMutation; query: string; variables: Record<string, unknown> } | { ok: false; reason: string };

const SELECTION = 'codeDiscountNode { id } userErrors { field message code }';

const CREATE_BASIC = `mutation RapportDiscountBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) { ${SELECTION} }
}`;

const CREATE_FREE_SHIPPING = `mutation RapportDiscountFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
  discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) { ${SELECTION} }
}`;

export function buildDiscountInput(request: DiscountCodeRequest): ShopifyDiscountInput {
  const customerId = request.customer.externalId;
  // A reward code is for one shopper; Shopify can only restrict by customer id, not email.
  if (!customerId) return { ok: false, reason: 'This shopper has no Shopify customer account, so the code cannot be restricted to them.' };
  const common = {
    title: request.title,
    code: request.code,
    startsAt: request.startsAt,
    endsAt: request.expiresAt,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [toGid('Customer', customerId)] } },
    ...(request.minimumOrderMinor && request.minimumOrderMinor > 0
      ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: fromMinor(request.minimumOrderMinor, request.currency) } } }
      : {}),
  };

  if (request.kind === 'free_shipping') {
    return {
      ok: true,
      mutation: 'discountCodeFreeShippingCreate',
      query: CREATE_FREE_SHIPPING,
      variables: { freeShippingCodeDiscount: { ...common, destination: { all: true } } },
    };
  }
  const gets = customerGetsFor(request);
  if (!gets.ok) return gets;
  return {
    ok: true,
    mutation: 'discountCodeBasicCreate',
    query: CREATE_BASIC,
    variables: { basicCodeDiscount: { ...common, customerGets: gets.value } },
  };
}

type CustomerGets = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

function customerGetsFor(request: DiscountCodeRequest): CustomerGets {
  switch (request.kind) {
    case 'fixed_amount':
      if (!request.amountMinor || request.amountMinor <= 0)
        return { ok: false, reason: 'A fixed-amount reward needs an amount above zero.' };
      // appliesOnEachItem false: the amount comes off the order once, not once per line item.
      return {
        ok: true,
        value: {
          value: { discountAmount: { amount: fromMinor(request.amountMinor, request.currency), appliesOnEachItem: false } },
          items: { all: true },
        },
      };
    case 'percentage':
      if (!request.percentage || request.percentage <= 0 || request.percentage > 100)
        return { ok: false, reason: 'A percentage reward must be between 1 and 100.' };
      return { ok: true, value: { value: { percentage: request.percentage / 100 }, items: { all: true } } };
    case 'free_product': {
      if (!request.productExternalId) return { ok: false, reason: 'A free-product reward needs a product.' };
      return { ok: true, value: { value: { percentage: 1 }, items: { products: productItems(request.productExternalId) } } };
    }
    default:
      return { ok: false, reason: `Unsupported reward kind: ${String(request.kind)}` };
  }
}

// The port carries "product or variant id"; a gid says which, a bare number is read as a product
// (any variant free), the reading that never points at the wrong object type.
function productItems(id: string): Record<string, string[]> {
  if (parseGid(id, 'ProductVariant')) return { productVariantsToAdd: [id] };
  return { productsToAdd: [toGid('Product', id)] };
}
