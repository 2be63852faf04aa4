// GraphQL documents for the backfill (bulk operations) and the reconcile (paged `orders`).
// One selection of order fields serves both, so both normalise the same shape.

const MONEY = '{ shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }';
const ADDRESS = '{ firstName lastName name address1 address2 city province zip countryCodeV2 phone }';
const CUSTOMER = `id firstName lastName locale createdAt updatedAt defaultEmailAddress { emailAddress } defaultPhoneNumber { phoneNumber }`;

const ORDER_FIELDS = `id name email phone createdAt updatedAt processedAt cancelledAt closedAt test currencyCode presentmentCurrencyCode
  displayFinancialStatus displayFulfillmentStatus paymentGatewayNames discountCodes
  subtotalPriceSet ${MONEY} totalPriceSet ${MONEY} totalTaxSet ${MONEY} totalDiscountsSet ${MONEY} totalShippingPriceSet ${MONEY}
  customer { ${CUSTOMER} } billingAddress ${ADDRESS} shippingAddress ${ADDRESS}
  refunds { id createdAt note totalRefundedSet ${MONEY} }
  fulfillments { createdAt updatedAt status displayStatus }`;

const LINE_ITEM_FIELDS = `id title name sku quantity isGiftCard product { id } variant { id } originalUnitPriceSet ${MONEY} totalDiscountSet ${MONEY}`;

/** Orders with their line items as `__parentId` children; `createdFrom` limits history (no read_all_orders). */
export function bulkOrdersQuery(createdFrom: string | null): string {
  const filter = createdFrom ? `(query: "created_at:>='${createdFrom}'")` : '';
  return `{ orders${filter} { edges { node { ${ORDER_FIELDS} lineItems { edges { node { ${LINE_ITEM_FIELDS} } } } } } } }`;
}

export const BULK_CUSTOMERS_QUERY = `{ customers { edges { node { ${CUSTOMER} tags defaultAddress ${ADDRESS} } } } }`;

/** Products with their variants as `__parentId` children (needs read_products). */
export const BULK_PRODUCTS_QUERY = `{ products { edges { node { id title handle status vendor productType updatedAt
  featuredMedia { preview { image { url } } }
  variants { edges { node { id title sku price compareAtPrice position inventoryQuantity inventoryItem { tracked } image { url } } } } } } } }`;

// groupObjects defaults to false since 2026-01: children could then come anywhere in the file.
// The importer assembles each order from the lines that follow it, so it asks for grouping.
export const RUN_BULK_QUERY = `mutation RapportBulkRun($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: true) { bulkOperation { id status } userErrors { field message code } }
}`;

const BULK_OPERATION_FIELDS = 'id status errorCode objectCount rootObjectCount fileSize url partialDataUrl';

export const POLL_BULK_OPERATION = `query RapportBulkPoll($id: ID!) { node(id: $id) { ... on BulkOperation { ${BULK_OPERATION_FIELDS} } } }`;

export const ORDERS_PAGE = `query RapportOrdersPage($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    edges { cursor node { ${ORDER_FIELDS} lineItems(first: 100) { edges { node { ${LINE_ITEM_FIELDS} } } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The scopes the merchant has granted now (they change when a merchant approves new ones). */
export const ACCESS_SCOPES_QUERY = 'query RapportScopes { currentAppInstallation { accessScopes { handle } } }';
