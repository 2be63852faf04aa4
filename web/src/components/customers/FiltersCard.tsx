import { Button, FormLayout, InlineStack, Select, TextField } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints, type CustomerFilters } from '../../api.ts';

const methods = ['cod', 'card', 'wallet', 'bank_transfer', 'gift_card', 'other'] as const;

/** Tags, tier, orders, spend, last order and payment method filters of the customer list. */
export function FiltersForm({
  value,
  onChange,
  errors,
}: {
  value: CustomerFilters;
  onChange: (f: CustomerFilters) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const tiers = useQuery({ queryKey: ['tiers'], queryFn: endpoints.tiers });
  const set = (k: keyof CustomerFilters) => (v: string) => onChange({ ...value, [k]: v || undefined });
  const text = (k: keyof CustomerFilters, label: string, type: 'text' | 'number' | 'date' = 'text') => (
    <TextField label={label} type={type} value={value[k] ?? ''} onChange={set(k)} autoComplete="off" error={errors[k]} />
  );
  return (
    <FormLayout>
      <FormLayout.Group condensed>
        {text('tags', t('filters.tags'))}
        <Select
          label={t('filters.tier')}
          value={value.tier ?? ''}
          onChange={set('tier')}
          error={errors.tier}
          options={[
            { label: t('filters.any'), value: '' },
            { label: t('filters.noTier'), value: 'none' },
            ...(tiers.data?.tiers ?? []).map((x) => ({ label: x.name, value: x.id })),
          ]}
        />
        <Select
          label={t('filters.paymentMethod')}
          value={value.paymentMethod ?? ''}
          onChange={set('paymentMethod')}
          error={errors.paymentMethod}
          options={[{ label: t('filters.any'), value: '' }, ...methods.map((m) => ({ label: t(`paymentMethod.${m}`), value: m }))]}
        />
      </FormLayout.Group>
      <FormLayout.Group condensed>
        {text('minOrders', t('filters.minOrders'), 'number')}
        {text('maxOrders', t('filters.maxOrders'), 'number')}
        {text('minSpent', t('filters.minSpent'))}
        {text('maxSpent', t('filters.maxSpent'))}
      </FormLayout.Group>
      <FormLayout.Group condensed>
        {text('lastOrderFrom', t('filters.lastOrderFrom'), 'date')}
        {text('lastOrderTo', t('filters.lastOrderTo'), 'date')}
      </FormLayout.Group>
      <InlineStack>
        <Button variant="plain" onClick={() => onChange({})} disabled={Object.keys(value).length === 0}>
          {t('filters.clear')}
        </Button>
      </InlineStack>
    </FormLayout>
  );
}
