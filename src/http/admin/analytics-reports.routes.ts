import type { AnalyticsReportsPort } from '../../crm/analytics/analytics-reports.port.ts';
import type { InsightsPort } from '../../crm/insights/insights.port.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { registerCodRoutes } from './analytics-cod.routes.ts';
import { registerLoyaltyRoiRoutes } from './analytics-loyalty.routes.ts';
import { registerPredictionRoutes } from './analytics-predictions.routes.ts';
import { registerProductRoutes } from './analytics-products.routes.ts';
import { registerRepeatPurchaseRoutes } from './analytics-repeat.routes.ts';
import { registerRetentionRoutes } from './analytics-retention.routes.ts';
import type { RouteRegistry } from './registry.ts';

// The Analytics page's reports (issue #16), each as JSON and CSV; the Home KPIs are analytics.routes.ts.

export function registerAnalyticsReportRoutes(
  registry: RouteRegistry,
  deps: { analyticsReports: AnalyticsReportsPort; accounts: AccountsPort; store: CrmStore; insights: InsightsPort },
): void {
  registerRetentionRoutes(registry, deps);
  registerRepeatPurchaseRoutes(registry, deps);
  registerLoyaltyRoiRoutes(registry, deps);
  registerCodRoutes(registry, deps);
  registerProductRoutes(registry, deps);
  registerPredictionRoutes(registry, deps);
}
