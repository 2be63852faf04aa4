// The fields a segment query can name: what each one holds, which operators make sense on it, and
// a line a merchant reads in the editor's autocomplete. The parser type-checks against this
// catalogue; the reference evaluator and the SQL compiler give each field its meaning.

/**
 * number, money (major units of the shop currency), date (a UTC day; absolute or relative),
 * text (one value, or several when `many`), enum (fixed values; several when `many`), list
 * (a set of exact values, such as tags).
 */
export type FieldType = 'number' | 'money' | 'date' | 'text' | 'enum' | 'list';

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'BETWEEN' | 'IN' | 'CONTAINS' | 'IS NULL' | 'IS NOT NULL';

export type FieldSpec = {
  type: FieldType;
  /** Several values per customer (any address's city, any order's payment method): `=` means "any", `!=` "none". */
  many?: boolean;
  /** Can be missing (no order yet, no scores yet): `IS NULL` is meaningful. */
  nullable: boolean;
  /** The allowed values of an enum field. */
  values?: readonly string[];
  description: string;
};

export const RFM_SEGMENTS = ['champions', 'loyal', 'potential_loyalists', 'new', 'at_risk', 'cant_lose', 'hibernating', 'lost'] as const;
export const CHURN_RISKS = ['low', 'medium', 'high'] as const;
export const CONSENT_STATES = ['subscribed', 'unsubscribed', 'unknown'] as const;
export const PAYMENT_METHODS = ['cod', 'card', 'wallet', 'bank_transfer', 'gift_card', 'other', 'unknown'] as const;
export const PLATFORMS = ['shopify', 'woocommerce'] as const;

const f = (spec: FieldSpec): FieldSpec => spec;

export const SEGMENT_FIELDS = {
  number_of_orders: f({ type: 'number', nullable: false, description: 'Orders placed (not cancelled, trashed or test)' }),
  amount_spent: f({ type: 'money', nullable: false, description: 'Total spent, net of refunds, in the shop currency' }),
  average_order_value: f({ type: 'money', nullable: true, description: 'Amount spent divided by number of orders' }),
  first_order_date: f({ type: 'date', nullable: true, description: 'Day of the first order' }),
  last_order_date: f({ type: 'date', nullable: true, description: 'Day of the most recent order' }),
  created_at: f({ type: 'date', nullable: false, description: 'Day the customer was first seen' }),
  tags: f({ type: 'list', nullable: true, description: 'Customer tags, from the stores and from Rapport' }),
  store: f({ type: 'text', many: true, nullable: false, description: 'A store (name or domain) the customer is known in' }),
  platform: f({ type: 'enum', many: true, nullable: false, values: PLATFORMS, description: 'A platform the customer is known on' }),
  city: f({ type: 'text', many: true, nullable: true, description: 'City of any saved address' }),
  province: f({ type: 'text', many: true, nullable: true, description: 'Province or state of any saved address' }),
  country: f({ type: 'text', many: true, nullable: true, description: 'Country code (ISO, e.g. PK) of any saved address' }),
  language: f({ type: 'text', nullable: true, description: 'Language the store reported (e.g. en, ur-PK)' }),
  payment_method: f({
    type: 'enum',
    many: true,
    nullable: true,
    values: PAYMENT_METHODS,
    description: 'A payment method used at least once',
  }),
  cod_orders: f({ type: 'number', nullable: false, description: 'Orders paid cash on delivery' }),
  delivered_orders: f({ type: 'number', nullable: false, description: 'Orders delivered to the customer' }),
  rto_count: f({ type: 'number', nullable: false, description: 'Orders returned to sender (refused or undelivered)' }),
  rto_rate: f({ type: 'number', nullable: true, description: 'Percent of delivered or returned orders that came back (0-100)' }),
  products_purchased: f({ type: 'list', nullable: true, description: 'Products bought (product id or title)' }),
  tier: f({ type: 'text', nullable: true, description: 'Loyalty tier name' }),
  points_balance: f({ type: 'number', nullable: false, description: 'Loyalty points available to spend' }),
  points_pending: f({ type: 'number', nullable: false, description: 'Loyalty points not yet available' }),
  lifetime_points: f({ type: 'number', nullable: false, description: 'Loyalty points ever earned' }),
  referrals_made: f({ type: 'number', nullable: false, description: 'Friends referred who completed a first order' }),
  email_consent: f({ type: 'enum', nullable: false, values: CONSENT_STATES, description: 'Email marketing consent' }),
  whatsapp_consent: f({ type: 'enum', nullable: false, values: CONSENT_STATES, description: 'WhatsApp marketing consent' }),
  rfm_segment: f({ type: 'enum', nullable: true, values: RFM_SEGMENTS, description: 'RFM group (recency, frequency, monetary)' }),
  recency_score: f({ type: 'number', nullable: true, description: 'RFM recency score, 1 (long ago) to 5 (recent)' }),
  frequency_score: f({ type: 'number', nullable: true, description: 'RFM frequency score, 1 to 5' }),
  monetary_score: f({ type: 'number', nullable: true, description: 'RFM monetary score, 1 to 5' }),
  predicted_clv: f({ type: 'money', nullable: true, description: 'Predicted spend over the next 12 months' }),
  probability_alive: f({ type: 'number', nullable: true, description: 'Chance the customer will still buy (0 to 1)' }),
  expected_orders_90d: f({ type: 'number', nullable: true, description: 'Orders expected in the next 90 days' }),
  churn_risk: f({ type: 'enum', nullable: true, values: CHURN_RISKS, description: 'Risk of not buying again' }),
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof SEGMENT_FIELDS;
export const FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as FieldName[];

export const isFieldName = (name: string): name is FieldName => Object.hasOwn(SEGMENT_FIELDS, name);

const NULLS: Operator[] = ['IS NULL', 'IS NOT NULL'];

/** The operators a field accepts. */
export function operatorsOf(name: FieldName): readonly Operator[] {
  const spec: FieldSpec = SEGMENT_FIELDS[name];
  const nulls = spec.nullable ? NULLS : [];
  switch (spec.type) {
    case 'number':
    case 'money':
      return ['=', '!=', '>', '>=', '<', '<=', 'BETWEEN', 'IN', ...nulls];
    case 'date':
      return ['=', '!=', '>', '>=', '<', '<=', 'BETWEEN', ...nulls];
    case 'text':
      return ['=', '!=', 'IN', 'CONTAINS', ...nulls];
    case 'enum':
      return ['=', '!=', 'IN', ...nulls];
    case 'list':
      return ['CONTAINS', 'IN', ...nulls];
  }
}
