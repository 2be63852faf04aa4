import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

// Route table shared by both shells (Polaris Navigation standalone, <ui-nav-menu> embedded).
// Each page is its own chunk (React.lazy) so the first screen loads only what it shows.

export type RouteMatch = { page: LazyExoticComponent<ComponentType<{ params: Record<string, string> }>>; params: Record<string, string> };

export type NavEntry = {
  path: string;
  labelKey: string;
  /** Hidden entries are reserved places for pages that come later; they render nowhere yet. */
  hidden?: boolean;
};

const AnalyticsPage = lazy(() => import('./pages/AnalyticsPage.tsx').then((m) => ({ default: m.AnalyticsPage })));
const CustomersPage = lazy(() => import('./pages/CustomersPage.tsx').then((m) => ({ default: m.CustomersPage })));
const CustomerProfilePage = lazy(() => import('./pages/CustomerProfilePage.tsx').then((m) => ({ default: m.CustomerProfilePage })));
const DataSyncPage = lazy(() => import('./pages/DataSyncPage.tsx').then((m) => ({ default: m.DataSyncPage })));
const HomePage = lazy(() => import('./pages/HomePage.tsx').then((m) => ({ default: m.HomePage })));
const MessagesPage = lazy(() => import('./pages/MessagesPage.tsx').then((m) => ({ default: m.MessagesPage })));
const MessagePage = lazy(() => import('./pages/MessagePage.tsx').then((m) => ({ default: m.MessagePage })));
const LoyaltyPage = lazy(() => import('./pages/LoyaltyPage.tsx').then((m) => ({ default: m.LoyaltyPage })));
const MessageTemplatesPage = lazy(() => import('./pages/MessageTemplatesPage.tsx').then((m) => ({ default: m.MessageTemplatesPage })));
const CampaignsPage = lazy(() => import('./pages/CampaignsPage.tsx').then((m) => ({ default: m.CampaignsPage })));
const CampaignPage = lazy(() => import('./pages/CampaignPage.tsx').then((m) => ({ default: m.CampaignPage })));
const FlowsPage = lazy(() => import('./pages/FlowsPage.tsx').then((m) => ({ default: m.FlowsPage })));
const SegmentsPage = lazy(() => import('./pages/SegmentsPage.tsx').then((m) => ({ default: m.SegmentsPage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage.tsx').then((m) => ({ default: m.SettingsPage })));

export const navEntries: NavEntry[] = [
  // Home is the landing page (Shopify's review expects the app to open on it); `/home` still works.
  { path: '/', labelKey: 'nav.home' },
  { path: '/customers', labelKey: 'nav.customers' },
  { path: '/segments', labelKey: 'nav.segments' },
  { path: '/loyalty', labelKey: 'nav.loyalty' },
  { path: '/analytics', labelKey: 'nav.analytics' },
  // Messages opens on its outbox; templates (/messages/templates), flows (/messages/flows), campaigns (/messages/campaigns) and one message (/messages/:id) are under it.
  { path: '/messages', labelKey: 'nav.messages' },
  { path: '/data', labelKey: 'nav.data' },
  { path: '/settings', labelKey: 'nav.settings' },
];

export function matchRoute(pathname: string): RouteMatch | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/home') return { page: HomePage, params: {} };
  if (path === '/customers') return { page: CustomersPage, params: {} };
  const profile = /^\/customers\/([^/]+)$/.exec(path);
  if (profile?.[1]) return { page: CustomerProfilePage, params: { id: decodeURIComponent(profile[1]) } };
  if (path === '/segments') return { page: SegmentsPage, params: {} };
  if (path === '/loyalty') return { page: LoyaltyPage, params: {} };
  if (path === '/analytics') return { page: AnalyticsPage, params: {} };
  if (path === '/messages/templates') return { page: MessageTemplatesPage, params: {} };
  if (path === '/messages/flows') return { page: FlowsPage, params: {} };
  if (path === '/messages/campaigns') return { page: CampaignsPage, params: {} };
  if (path === '/messages/campaigns/new') return { page: CampaignPage, params: {} };
  const campaign = /^\/messages\/campaigns\/([^/]+)$/.exec(path);
  if (campaign?.[1]) return { page: CampaignPage, params: { id: decodeURIComponent(campaign[1]) } };
  if (path === '/messages') return { page: MessagesPage, params: {} };
  const message = /^\/messages\/([^/]+)$/.exec(path);
  if (message?.[1]) return { page: MessagePage, params: { id: decodeURIComponent(message[1]) } };
  if (path === '/data') return { page: DataSyncPage, params: {} };
  if (path === '/settings') return { page: SettingsPage, params: {} };
  return null;
}

export function isSelected(entryPath: string, pathname: string): boolean {
  if (entryPath === '/') return pathname === '/' || pathname === '/home';
  return pathname.startsWith(entryPath);
}
