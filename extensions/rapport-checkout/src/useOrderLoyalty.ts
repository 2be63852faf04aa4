import { useEffect, useState } from 'preact/hooks';
import { backend, pointsForOrder, type Loyalty } from './backend.ts';

type Context = Parameters<typeof backend>[0];

/**
 * The program and member as the shopper API reports them, and what an order of `subtotal` earns.
 * Shared by the thank-you and order-status blocks so both pages show the same figure.
 */
export function useOrderLoyalty(
  ctx: Context,
  subtotal: { amount: number; currencyCode: string },
): { loyalty: Loyalty | null; earn: number | null } {
  const [loyalty, setLoyalty] = useState<Loyalty | null>(null);
  useEffect(() => {
    void backend<Loyalty>(ctx, '/loyalty').then((r) => r.ok && setLoyalty(r.data));
  }, []);
  const earn = loyalty ? pointsForOrder(subtotal.amount, subtotal.currencyCode, loyalty) : null;
  return { loyalty, earn };
}
