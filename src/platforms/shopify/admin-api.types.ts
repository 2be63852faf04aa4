// Shapes shared by the Admin API client and its callers. Failures are values: callers decide
// what a merchant sees, and only `retryable` ones are worth another try later.

/** `extensions.cost.throttleStatus`: the app+shop leaky bucket, in cost points. */
export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

/** `extensions.cost` on every GraphQL Admin response (actualQueryCost is null when throttled). */
export type QueryCost = {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
};

export type ShopifyAdminFailureKind =
  | 'unauthorized' // 401: token revoked or wrong
  | 'forbidden' // 403 (missing scope), 402/423 (shop frozen or locked)
  | 'not_found' // 404: shop gone or wrong API path
  | 'throttled' // THROTTLED or 429 that outlasted our retries
  | 'network' // connection refused/reset/timeout that outlasted our retries
  | 'server' // 5xx or INTERNAL_SERVER_ERROR that outlasted our retries
  | 'graphql'; // the query itself was rejected (syntax, unknown field, MAX_COST_EXCEEDED, other 4xx)

export type ShopifyAdminFailure = {
  kind: ShopifyAdminFailureKind;
  /** Never contains the access token. */
  message: string;
  /** HTTP status of the last attempt, null when no response arrived. */
  status: number | null;
  retryable: boolean;
};

export type ShopifyAdminResult<T> = { ok: true; data: T; cost: QueryCost | null } | { ok: false; error: ShopifyAdminFailure };

/** The common userErrors selection `{ field message code }` (code is null on some payloads). */
export type ShopifyUserError = { field: string[] | null; message: string; code: string | null };

export type ShopifyMutationResult<P> =
  { ok: true; data: P; userErrors: ShopifyUserError[]; cost: QueryCost | null } | { ok: false; error: ShopifyAdminFailure };

export type GraphQLVariables = Record<string, unknown>;

export type ShopifyAdminClient = {
  readonly shop: string;
  query<T>(query: string, variables?: GraphQLVariables): Promise<ShopifyAdminResult<T>>;
  /**
   * Runs a mutation and splits its payload: `data` is `response.data[field]`, `userErrors` its
   * userErrors. A refusal by the platform is a value here, not a failure.
   */
  mutation<P extends { userErrors?: ShopifyUserError[] | null }>(
    field: string,
    query: string,
    variables?: GraphQLVariables,
  ): Promise<ShopifyMutationResult<P>>;
  /** The last throttle status seen on this client, if any. */
  lastThrottleStatus(): ThrottleStatus | null;
};
