import { useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { endpoints, type CustomerProfile, type LedgerEntry, type LedgerPage } from '../api.ts';

type Vars = { points: number; note: string; idempotencyKey: string };
type Snapshot = { profile?: CustomerProfile; ledger?: InfiniteData<LedgerPage> };

/**
 * Manual points adjustment with an optimistic update: the balance and a provisional ledger row
 * show at once; a refusal (400, 409) puts both back, success replaces them with the server's.
 */
export function useAdjustPoints(customerId: string) {
  const qc = useQueryClient();
  const profileKey = ['customer', customerId];
  const ledgerKey = ['points', customerId];
  return useMutation<Awaited<ReturnType<typeof endpoints.adjustPoints>>, Error, Vars, Snapshot>({
    mutationFn: (v) => endpoints.adjustPoints(customerId, v),
    onMutate: async (v) => {
      await Promise.all([qc.cancelQueries({ queryKey: profileKey }), qc.cancelQueries({ queryKey: ledgerKey })]);
      const snapshot: Snapshot = { profile: qc.getQueryData(profileKey), ledger: qc.getQueryData(ledgerKey) };
      qc.setQueryData<CustomerProfile>(profileKey, (p) => p && { ...p, loyalty: { ...p.loyalty, balance: p.loyalty.balance + v.points } });
      const now = new Date().toISOString();
      const row: LedgerEntry = {
        id: `optimistic-${v.idempotencyKey}`,
        reason: 'manual',
        state: 'available',
        points: v.points,
        pendingDelta: 0,
        availableDelta: v.points,
        forgiven: 0,
        sourceType: null,
        sourceId: null,
        programVersion: null,
        note: v.note,
        actor: null,
        actorName: null,
        occurredAt: now,
        createdAt: now,
      };
      qc.setQueryData<InfiniteData<LedgerPage>>(
        ledgerKey,
        (d) =>
          d && {
            ...d,
            pages: d.pages.map((page, i) => (i === 0 ? { ...page, entries: [row, ...page.entries] } : page)),
          },
      );
      return snapshot;
    },
    onError: (_err, _v, snapshot) => {
      if (snapshot?.profile) qc.setQueryData(profileKey, snapshot.profile);
      if (snapshot?.ledger) qc.setQueryData(ledgerKey, snapshot.ledger);
    },
    onSuccess: (r) => {
      qc.setQueryData<CustomerProfile>(profileKey, (p) => p && { ...p, loyalty: r.loyalty });
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: ledgerKey });
      void qc.invalidateQueries({ queryKey: ['timeline', customerId] });
    },
  });
}
