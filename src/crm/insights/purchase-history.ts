// What the BG/NBD knows of a customer (Fader, Hardie & Lee 2005), time in weeks:
// x repeat purchases (days with a purchase after the first), t_x the week of the last one
// counted from the first purchase, T the weeks from the first purchase to the end of calibration.
export type PurchaseHistory = { x: number; tx: number; T: number };

/** Customers with the same history in one group: the likelihood is a weighted sum over distinct histories. */
export type HistoryGroup = { x: number; tx: Float64Array; T: Float64Array; weight: Float64Array };

export function groupHistories(histories: readonly PurchaseHistory[]): HistoryGroup[] {
  const byX = new Map<number, Map<string, { tx: number; T: number; n: number }>>();
  for (const h of histories) {
    let same = byX.get(h.x);
    if (!same) byX.set(h.x, (same = new Map()));
    const key = h.x === 0 ? `${h.T}` : `${h.tx}|${h.T}`; // without a repeat, t_x carries nothing
    const row = same.get(key);
    if (row) row.n++;
    else same.set(key, { tx: h.tx, T: h.T, n: 1 });
  }
  return [...byX.entries()]
    .sort(([a], [b]) => a - b)
    .map(([x, rows]) => {
      const list = [...rows.values()];
      return {
        x,
        tx: Float64Array.from(list, (r) => r.tx),
        T: Float64Array.from(list, (r) => r.T),
        weight: Float64Array.from(list, (r) => r.n),
      };
    });
}
