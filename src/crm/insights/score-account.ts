import { expectedTransactions, probabilityAlive, type BgNbdParams } from './bgnbd.model.ts';
import { bgnbdPrior, fitBgNbd } from './bgnbd.fit.ts';
import { summarise, type Purchase } from './calibration.ts';
import { churnRiskOf, type ChurnRisk } from './churn.ts';
import { confidenceOf, type Confidence } from './confidence.ts';
import { expectedSpend, type GammaGammaParams } from './gamma-gamma.model.ts';
import { fitGammaGamma, gammaGammaPrior } from './gamma-gamma.fit.ts';
import { nextOrderExpectedAt } from './next-order.ts';
import { CDNOW_POOLED, DEFAULT_PRIOR_SCALE, resolveGammaGammaPrior, type PooledParameters } from './pooled-priors.ts';
import { rfmScores, type RfmScores } from './rfm.ts';
import { shopDayOf } from './shop-days.ts';

// The one entry point the persistence layer calls: an account's order history in, the fitted
// models and every customer's scores out. Pure: no clock, no storage; `now` ends the calibration.

export type CustomerHistory = { id: string; orders: readonly { at: Date; amountMinor: number }[] };

export type ScoreOptions = {
  /** The prior's centre; default CDNOW's estimates. null fits each model by plain maximum likelihood. */
  pooled?: PooledParameters | null;
  /** Standard deviation of each log-parameter's prior (default 1). */
  priorScale?: number;
  /** The shop's time zone: purchases on one local day are one transaction (default UTC). */
  timeZone?: string;
};

export type ParameterErrors = { [K in keyof BgNbdParams | keyof GammaGammaParams]: number | null };

export type AccountModel = BgNbdParams &
  GammaGammaParams & {
    /** Customers modelled (at least one order up to `now`) and those with a repeat purchase. */
    customers: number;
    repeaters: number;
    /** The BG/NBD's log-likelihood of the account's histories at the estimate (prior excluded). */
    logLikelihood: number;
    confidence: Confidence;
    /** Standard errors (γ, like every amount here, in minor units of the account's currency). */
    se: ParameterErrors;
    /**
     * How much the pooled prior still decides, 0–1: the mean over parameters of posterior variance /
     * prior variance of the log-parameter. Near 1 a tiny shop's figures are mostly the pool's; it
     * fades toward 0 as customers accrue. null without a prior.
     */
    priorShare: number | null;
  };

export type CustomerScores = {
  rfm: RfmScores;
  probabilityAlive: number;
  expectedOrders90d: number;
  /** Expected spend in the next 52 weeks, not discounted (README, "Lifetime value"). */
  predictedClvMinor: number;
  expectedOrderValueMinor: number;
  churnRisk: ChurnRisk;
  nextOrderExpectedAt: Date;
};

export type AccountScores = { model: AccountModel; customers: Map<string, CustomerScores> };

const WEEKS_90_DAYS = 90 / 7;
const WEEKS_12_MONTHS = 52;
const MS_PER_DAY = 86_400_000;

export function scoreAccount(histories: readonly CustomerHistory[], now: Date, options: ScoreOptions = {}): AccountScores {
  const timeZone = options.timeZone ?? 'UTC';
  const pooled = options.pooled === undefined ? CDNOW_POOLED : options.pooled;
  const scale = options.priorScale ?? DEFAULT_PRIOR_SCALE;
  const dayOf = shopDayOf(timeZone);
  const today = dayOf(now);
  const nowMs = now.getTime();

  const purchases: Purchase[] = [];
  const facts = new Map<string, { lastOrderAt: Date; orders: number; spend: number }>();
  for (const c of histories) {
    const past = c.orders.filter((o) => o.at.getTime() <= nowMs);
    if (past.length === 0) continue;
    let last = past[0]?.at ?? now;
    let spend = 0;
    for (const o of past) {
      purchases.push({ customerId: c.id, day: dayOf(o.at), amount: o.amountMinor });
      if (o.at > last) last = o.at;
      spend += o.amountMinor;
    }
    facts.set(c.id, { lastOrderAt: last, orders: past.length, spend });
  }
  const summaries = summarise(purchases, { calibrationEnd: today });
  const repeaters = summaries.filter((s) => s.x > 0);
  const transactions = summaries.reduce((n, s) => n + s.purchaseDays, 0);
  const meanTransactionValue = transactions > 0 ? summaries.reduce((v, s) => v + s.calibrationSpend, 0) / transactions : 0;

  const bgPrior = pooled ? bgnbdPrior(pooled.bgnbd, scale) : undefined;
  const ggPrior = pooled ? gammaGammaPrior(resolveGammaGammaPrior(pooled.gammaGamma, Math.max(1, meanTransactionValue)), scale) : undefined;
  const bg = fitBgNbd(summaries, bgPrior);
  const gg = fitGammaGamma(
    repeaters.map((s) => ({ x: s.x, meanSpend: s.repeatMeanSpend ?? 0 })),
    ggPrior,
  );
  const seLogs = [...Object.values(bg.seLog), ...Object.values(gg.seLog)];
  const model: AccountModel = {
    ...bg.params,
    ...gg.params,
    customers: summaries.length,
    repeaters: repeaters.length,
    logLikelihood: bg.logLikelihood,
    confidence: confidenceOf(summaries.length, repeaters.length, seLogs),
    se: { ...bg.se, ...gg.se },
    priorShare: pooled ? seLogs.reduce<number>((s, v) => s + Math.min(1, ((v ?? scale) / scale) ** 2), 0) / seLogs.length : null,
  };

  const rfm = rfmScores(
    summaries.map((s) => {
      const f = facts.get(s.customerId);
      return {
        id: s.customerId,
        daysSinceLastOrder: f ? Math.floor((nowMs - f.lastOrderAt.getTime()) / MS_PER_DAY) : Infinity,
        orders: f?.orders ?? 0,
        spend: f?.spend ?? 0,
      };
    }),
  );
  const customers = new Map<string, CustomerScores>();
  for (const s of summaries) {
    const f = facts.get(s.customerId);
    const scores = rfm.get(s.customerId);
    if (!f || !scores) continue;
    const spendPerOrder = expectedSpend(gg.params, { x: s.x, meanSpend: s.repeatMeanSpend ?? 0 });
    const orderValue = Number.isFinite(spendPerOrder) ? spendPerOrder : meanTransactionValue; // q ≤ 1: no finite population mean
    const alive = probabilityAlive(bg.params, s);
    customers.set(s.customerId, {
      rfm: scores,
      probabilityAlive: alive,
      expectedOrders90d: expectedTransactions(bg.params, s, WEEKS_90_DAYS),
      predictedClvMinor: Math.round(expectedTransactions(bg.params, s, WEEKS_12_MONTHS) * orderValue),
      expectedOrderValueMinor: Math.round(orderValue),
      churnRisk: churnRiskOf(alive),
      nextOrderExpectedAt: nextOrderExpectedAt(bg.params, s, f.lastOrderAt),
    });
  }
  return { model, customers };
}
