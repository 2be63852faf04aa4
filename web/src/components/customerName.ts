import type { CustomerSummary } from '../api.ts';

/** What to call a customer: the name, else the email or phone, else null (caller says "unnamed"). */
export function customerName(c: Pick<CustomerSummary, 'firstName' | 'lastName' | 'email' | 'phone'>): string | null {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ').trim();
  return name || c.email || c.phone || null;
}
