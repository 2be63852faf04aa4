import type { CustomerFacts } from './customer-facts.ts';
import { SEGMENT_FIELDS, type FieldName } from './segment-fields.ts';
import type { Condition, Expr, Value } from './segment-query.ast.ts';
import { resolveDay, toMinorUnits, utcDay } from './segment-values.ts';

// The reference meaning of a segment query, one customer at a time: plain, obvious code that the
// SQL compiler is tested against. Rules (docs/segments.md): a comparison with a missing value is
// false (use IS NULL); on a field with several values `=`, IN and CONTAINS mean "any of them"
// and `!=` "none of them"; dates compare by UTC day.

export type EvaluationContext = { now: Date; currencyExponent: number };

type Scalar = { many: false; value: number | string | null };
type Many = { many: true; values: string[] };

function read(field: FieldName, c: CustomerFacts): Scalar | Many {
  const one = (value: number | string | null): Scalar => ({ many: false, value });
  const many = (values: string[]): Many => ({ many: true, values });
  const s = c.scores;
  switch (field) {
    case 'number_of_orders':
      return one(c.numberOfOrders);
    case 'amount_spent':
      return one(c.amountSpentMinor);
    case 'average_order_value':
      return one(c.numberOfOrders === 0 ? null : c.amountSpentMinor / c.numberOfOrders);
    case 'first_order_date':
      return one(c.firstOrderAt && utcDay(c.firstOrderAt));
    case 'last_order_date':
      return one(c.lastOrderAt && utcDay(c.lastOrderAt));
    case 'created_at':
      return one(utcDay(c.createdAt));
    case 'tags':
      return many(c.tags);
    case 'store':
      return many(c.stores);
    case 'platform':
      return many(c.platforms);
    case 'city':
      return many(c.cities);
    case 'province':
      return many(c.provinces);
    case 'country':
      return many(c.countries);
    case 'language':
      return one(c.language);
    case 'payment_method':
      return many(c.paymentMethods);
    case 'cod_orders':
      return one(c.codOrders);
    case 'delivered_orders':
      return one(c.deliveredOrders);
    case 'rto_count':
      return one(c.rtoCount);
    case 'rto_rate':
      return one(c.deliveredOrders + c.rtoCount === 0 ? null : (100 * c.rtoCount) / (c.deliveredOrders + c.rtoCount));
    case 'products_purchased':
      return many(c.productsPurchased);
    case 'tier':
      return one(c.tier);
    case 'points_balance':
      return one(c.pointsBalance);
    case 'points_pending':
      return one(c.pointsPending);
    case 'lifetime_points':
      return one(c.lifetimePoints);
    case 'referrals_made':
      return one(c.referralsMade);
    case 'email_consent':
      return one(c.emailConsent);
    case 'whatsapp_consent':
      return one(c.whatsappConsent);
    case 'rfm_segment':
      return one(s?.rfmSegment ?? null);
    case 'recency_score':
      return one(s?.recencyScore ?? null);
    case 'frequency_score':
      return one(s?.frequencyScore ?? null);
    case 'monetary_score':
      return one(s?.monetaryScore ?? null);
    case 'predicted_clv':
      return one(s?.predictedClvMinor ?? null);
    case 'probability_alive':
      return one(s?.probabilityAlive ?? null);
    case 'expected_orders_90d':
      return one(s?.expectedOrders90d ?? null);
    case 'churn_risk':
      return one(s?.churnRisk ?? null);
  }
}

/** A literal as the field's values are held: a day for dates, minor units for money. */
function literal(field: FieldName, v: Value, ctx: EvaluationContext): number | string {
  switch (v.kind) {
    case 'date':
    case 'relative':
      return resolveDay(v, ctx.now);
    case 'number':
      return SEGMENT_FIELDS[field].type === 'money' ? toMinorUnits(v.value, ctx.currencyExponent) : v.value;
    case 'string':
      return v.value;
  }
}

function condition(e: Condition, c: CustomerFacts, ctx: EvaluationContext): boolean {
  const value = read(e.field, c);
  const lit = (v: Value) => literal(e.field, v, ctx);
  if (e.kind === 'null') {
    const missing = value.many ? value.values.length === 0 : value.value === null;
    return e.negated ? !missing : missing;
  }
  if (value.many) {
    const list = SEGMENT_FIELDS[e.field].type === 'list';
    switch (e.kind) {
      case 'compare':
        return e.op === '!=' ? !value.values.includes(lit(e.value) as string) : value.values.includes(lit(e.value) as string);
      case 'in':
        return e.values.some((v) => value.values.includes(lit(v) as string));
      case 'contains':
        return value.values.some((x) => (list ? x === lit(e.value) : x.includes(lit(e.value) as string)));
      case 'between':
        return false;
    }
  }
  const x = value.value;
  if (x === null) return false;
  switch (e.kind) {
    case 'compare': {
      const y = lit(e.value);
      switch (e.op) {
        case '=':
          return x === y;
        case '!=':
          return x !== y;
        case '>':
          return x > y;
        case '>=':
          return x >= y;
        case '<':
          return x < y;
        case '<=':
          return x <= y;
      }
      break;
    }
    case 'between':
      return lit(e.low) <= x && x <= lit(e.high);
    case 'in':
      return e.values.some((v) => lit(v) === x);
    case 'contains':
      return String(x).includes(lit(e.value) as string);
  }
}

/** Whether the customer is in the segment the query describes. */
export function evaluateSegmentQuery(e: Expr, c: CustomerFacts, ctx: EvaluationContext): boolean {
  switch (e.kind) {
    case 'and':
      return evaluateSegmentQuery(e.left, c, ctx) && evaluateSegmentQuery(e.right, c, ctx);
    case 'or':
      return evaluateSegmentQuery(e.left, c, ctx) || evaluateSegmentQuery(e.right, c, ctx);
    case 'not':
      return !evaluateSegmentQuery(e.expr, c, ctx);
    default:
      return condition(e, c, ctx);
  }
}
