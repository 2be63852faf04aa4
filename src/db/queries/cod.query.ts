import type {
  CodAnswer,
  CodCity,
  CodConfirmationRow,
  CodMonth,
  CodReport,
  CodSegment,
  CodStore,
  ReportPeriod,
} from '../../crm/analytics/analytics-reports.port.ts';
import { foldCities } from '../../crm/analytics/cod-cities.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';

// Cash on delivery: parcels delivered vs returned to sender (fulfilment_status 'returned', RTO)
// by city, store and month of the order (UTC), from the (account_id, placed_at) index.
//
// A parcel is a COD order that is not a test and not trashed. Unlike the counted-orders rule, a
// cancelled order still counts when it was returned: shops (and our demo) cancel an order once
// its parcel comes back, and dropping those would hide the very returns this report is about.
// A cancellation before shipping is no parcel.
//
// Orders do not keep their address: the city is the customer's most recently used address
// (addresses.last_used_at; one from the order's own store first), by the
// (customer_id, fingerprint) index. A customer who moved counts every order in the new city.
//
// By segment: the account's saved segments, each with its current kept members (segment_members,
// by its primary key) and their parcels in the range by the (customer_id, placed_at) index; a
// customer in two segments counts in both, so segments do not add up to the totals.

const PARCEL = `o.payment_method = 'cod' AND o.deleted_at IS NULL AND o.test = false
  AND (o.cancelled_at IS NULL OR o.fulfilment_status = 'returned')`;
const figures = (status: string) => `count(*) AS parcels,
  CAST(sum(CASE WHEN ${status} = 'delivered' THEN 1 ELSE 0 END) AS bigint) AS delivered,
  CAST(sum(CASE WHEN ${status} = 'returned' THEN 1 ELSE 0 END) AS bigint) AS returned`;
const RANGE = 'o.account_id = :accountId AND o.placed_at >= :from AND o.placed_at < :to';

const q = {
  cities: query(
    (d) => `SELECT city, ${figures('fulfilment_status')} FROM (
      SELECT o.fulfilment_status AS fulfilment_status,
        (SELECT a.city FROM addresses a WHERE a.customer_id = o.customer_id
          ORDER BY CASE WHEN a.connection_id = o.connection_id THEN 0 ELSE 1 END, a.last_used_at DESC, ${sqlOf(d).bytewise('a.id')} DESC
          LIMIT 1) AS city
      FROM orders o WHERE ${RANGE} AND ${PARCEL}
    ) parcels GROUP BY city`,
  ),
  stores:
    query(`SELECT c.id AS "connectionId", c.name AS name, c.domain AS domain, c.platform AS platform, ${figures('o.fulfilment_status')}
    FROM orders o JOIN connections c ON c.id = o.connection_id
    WHERE ${RANGE} AND ${PARCEL}
    GROUP BY c.id, c.name, c.domain, c.platform`),
  months: query(
    (d) => `SELECT ${sqlOf(d).utcMonth('o.placed_at')} AS "month", ${figures('o.fulfilment_status')}
    FROM orders o WHERE ${RANGE} AND ${PARCEL}
    GROUP BY 1 ORDER BY 1`,
  ),
  segments: query(`SELECT s.id AS "segmentId", s.name AS name, s.built_in AS "builtIn", count(o.id) AS parcels,
      CAST(coalesce(sum(CASE WHEN o.fulfilment_status = 'delivered' THEN 1 ELSE 0 END), 0) AS bigint) AS delivered,
      CAST(coalesce(sum(CASE WHEN o.fulfilment_status = 'returned' THEN 1 ELSE 0 END), 0) AS bigint) AS returned
    FROM segments s
      LEFT JOIN segment_members m ON m.segment_id = s.id AND m.account_id = :accountId
      LEFT JOIN orders o ON o.customer_id = m.customer_id AND ${RANGE} AND ${PARCEL}
    WHERE s.account_id = :accountId
    GROUP BY s.id, s.name, s.built_in`),
  // Each parcel's COD confirmation by the (connection_id, order_external_id) unique index.
  confirmation: query(`SELECT answer, ${figures('fulfilment_status')} FROM (
      SELECT o.fulfilment_status AS fulfilment_status,
        CASE WHEN cc.status IS NULL OR cc.status = 'skipped' THEN 'not_asked'
          WHEN cc.status IN ('pending', 'asked', 'reminded') THEN 'awaiting' ELSE cc.status END AS answer
      FROM orders o LEFT JOIN cod_confirmations cc ON cc.connection_id = o.connection_id AND cc.order_external_id = o.external_id
      WHERE ${RANGE} AND ${PARCEL}
    ) parcels GROUP BY answer`),
};

const ANSWERS: CodAnswer[] = ['confirmed', 'cancelled', 'no_answer', 'awaiting', 'not_asked'];

const bytewise = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export async function cod(database: SqlDatabase, p: ReportPeriod): Promise<CodReport> {
  const params = { accountId: p.accountId, from: p.from, to: p.to };
  const cities = await database.x.all<CodCity>(q.cities, params);
  const stores = await database.x.all<CodStore>(q.stores, params);
  const months = await database.x.all<CodMonth>(q.months, params);
  const segments = await database.x.all<CodSegment>(q.segments, params);
  const answers = await database.x.all<CodConfirmationRow>(q.confirmation, params);
  return {
    // Every answer, in this order, zero when none: the comparison always has its rows.
    confirmation: ANSWERS.map((answer) => answers.find((a) => a.answer === answer) ?? { answer, parcels: 0, delivered: 0, returned: 0 }),
    cities: foldCities(cities),
    stores: stores.sort((a, b) => b.parcels - a.parcels || bytewise(a.domain, b.domain)),
    months,
    segments: segments.sort((a, b) => b.parcels - a.parcels || bytewise(a.name, b.name)),
  };
}
