import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Modal,
  Select,
  SkeletonBodyText,
  Text,
  TextField,
} from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Reward } from '../../api.ts';
import { formatMoney, formatNumber, minorToMoney } from '../../format.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';
import { toNumber } from './settings.ts';

const kinds = ['fixed_amount', 'percentage', 'free_shipping', 'free_product'] as const;
type Draft = {
  id: string | null;
  name: string;
  kind: Reward['kind'];
  pointsCost: string;
  amount: string;
  currency: string;
  percentage: string;
  product: string;
  active: boolean;
};

/** The rewards catalogue: add, change, remove. */
export function RewardsCard({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['rewards'], queryFn: endpoints.rewards });
  const [draft, setDraft] = useState<Draft | null>(null);
  const done = () => void qc.invalidateQueries({ queryKey: ['rewards'] });
  const remove = useMutation({ mutationFn: endpoints.deleteReward, onSettled: done });
  const value = (r: Reward) =>
    r.kind === 'fixed_amount' && r.amountMinor !== null && r.currency
      ? formatMoney(lang, minorToMoney(r.amountMinor, r.currency))
      : r.kind === 'percentage' && r.percentage !== null
        ? `${formatNumber(lang, r.percentage)}%`
        : t(`rewards.kind.${r.kind}`);
  const open = (r?: Reward) =>
    setDraft(
      r
        ? {
            id: r.id,
            name: r.name,
            kind: r.kind,
            pointsCost: String(r.pointsCost),
            amount: r.amountMinor !== null && r.currency ? minorToMoney(r.amountMinor, r.currency).amount : '',
            currency: r.currency ?? currency,
            percentage: r.percentage !== null ? String(r.percentage) : '',
            product: r.productExternalId ?? '',
            active: r.active,
          }
        : { id: null, name: '', kind: 'fixed_amount', pointsCost: '500', amount: '', currency, percentage: '', product: '', active: true },
    );

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('rewards.title')}
          </Text>
          <Button variant="primary" onClick={() => open()}>
            {t('rewards.add')}
          </Button>
        </InlineStack>
        {remove.isError && (
          <Banner tone="critical">
            <p>{remove.error.message}</p>
          </Banner>
        )}
        {list.isPending ? (
          <SkeletonBodyText lines={3} />
        ) : (list.data?.rewards ?? []).length === 0 ? (
          <Text as="p" tone="subdued">
            {t('rewards.empty')}
          </Text>
        ) : (
          <ul className="rapport-plain-list">
            {list.data?.rewards.map((r) => (
              <li key={r.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <InlineStack gap="200">
                      <Text as="p" fontWeight="semibold">
                        {r.name}
                      </Text>
                      {!r.active && <Badge>{t('rewards.inactive')}</Badge>}
                    </InlineStack>
                    <Text as="p" tone="subdued" variant="bodySm">
                      {value(r)} · {t('rewards.cost', { points: formatNumber(lang, r.pointsCost) })}
                    </Text>
                  </BlockStack>
                  <InlineStack gap="200">
                    <Button size="slim" onClick={() => open(r)} accessibilityLabel={t('common.editNamed', { name: r.name })}>
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="slim"
                      tone="critical"
                      onClick={() => remove.mutate(r.id)}
                      accessibilityLabel={t('common.removeNamed', { name: r.name })}
                    >
                      {t('common.remove')}
                    </Button>
                  </InlineStack>
                </InlineStack>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
      {draft && (
        <RewardModal
          draft={draft}
          onClose={() => setDraft(null)}
          onSaved={() => {
            done();
            setDraft(null);
          }}
        />
      )}
    </Card>
  );
}

function RewardModal({ draft: initial, onClose, onSaved }: { draft: Draft; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [d, setD] = useState(initial);
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setD((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () => {
      const exp = /\.(\d+)$/.exec(d.amount)?.[1]?.length ?? 0;
      const amountMinor = d.kind === 'fixed_amount' ? Math.round(toNumber(d.amount) * 10 ** Math.max(exp, 2)) : null;
      return endpoints.saveReward(d.id, {
        name: d.name,
        kind: d.kind,
        pointsCost: toNumber(d.pointsCost),
        active: d.active,
        amountMinor,
        currency: d.kind === 'fixed_amount' ? d.currency : null,
        percentage: d.kind === 'percentage' ? toNumber(d.percentage) : null,
        productExternalId: d.kind === 'free_product' ? d.product : null,
      });
    },
    onSuccess: onSaved,
  });
  const errors = fieldErrors(save.error);
  return (
    <Modal
      open
      onClose={onClose}
      title={d.id ? t('rewards.edit') : t('rewards.add')}
      primaryAction={{ content: t('common.save'), onAction: () => save.mutate(), loading: save.isPending }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {formError(save.error) && (
            <Banner tone="critical">
              <p>{formError(save.error)}</p>
            </Banner>
          )}
          <TextField label={t('rewards.name')} value={d.name} onChange={set('name')} autoComplete="off" error={errors.name} />
          <Select
            label={t('rewards.kindLabel')}
            value={d.kind}
            onChange={(v) => set('kind')(v as Draft['kind'])}
            options={kinds.map((k) => ({ label: t(`rewards.kind.${k}`), value: k }))}
          />
          <TextField
            label={t('rewards.pointsCost')}
            type="number"
            value={d.pointsCost}
            onChange={set('pointsCost')}
            autoComplete="off"
            error={errors.pointsCost}
          />
          {d.kind === 'fixed_amount' && (
            <FormLayout.Group condensed>
              <TextField
                label={t('rewards.amount')}
                value={d.amount}
                onChange={set('amount')}
                autoComplete="off"
                inputMode="decimal"
                error={errors.amountMinor}
              />
              <TextField
                label={t('program.currency')}
                value={d.currency}
                onChange={(v) => set('currency')(v.toUpperCase())}
                autoComplete="off"
                maxLength={3}
                error={errors.currency}
              />
            </FormLayout.Group>
          )}
          {d.kind === 'percentage' && (
            <TextField
              label={t('rewards.percentage')}
              type="number"
              value={d.percentage}
              onChange={set('percentage')}
              autoComplete="off"
              error={errors.percentage}
            />
          )}
          {d.kind === 'free_product' && (
            <TextField
              label={t('rewards.product')}
              value={d.product}
              onChange={set('product')}
              autoComplete="off"
              error={errors.productExternalId}
            />
          )}
          <Checkbox label={t('rewards.active')} checked={d.active} onChange={set('active')} />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
