import { BlockStack, Card, FormLayout, Select, Text, TextField } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type ProgramSettings } from '../../api.ts';
import { formatMoney, formatNumber } from '../../format.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { currentLanguage } from '../../i18n.ts';

const methods = ['cod', 'card', 'wallet', 'bank_transfer', 'other'] as const;

/** "An order of PKR 5,000 paid by cash on delivery earns 50 points when delivered", under the unsaved settings. */
export function PreviewCard({ settings }: { settings: ProgramSettings }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const currencies = [...new Set(settings.earning.rates.map((r) => r.currency).filter((c) => /^[A-Z]{3}$/.test(c)))];
  const [amount, setAmount] = useState('5000');
  const [chosen, setCurrency] = useState(currencies[0] ?? 'PKR');
  const [method, setMethod] = useState<(typeof methods)[number]>('cod');
  const currency = currencies.includes(chosen) ? chosen : (currencies[0] ?? chosen);
  const input = useDebounced(JSON.stringify({ amount: amount.trim(), currency, paymentMethod: method, settings }), 300);
  const preview = useQuery({
    queryKey: ['preview', input],
    queryFn: () => endpoints.preview(JSON.parse(input) as Parameters<typeof endpoints.preview>[0]),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const validAmount = /^\d{1,12}(\.\d{1,3})?$/.test(amount.trim());
  const p = preview.data;
  const sentence =
    p && validAmount
      ? t(p.status === 'none' ? 'preview.none' : p.status === 'available' ? 'preview.now' : 'preview.when', {
          amount: formatMoney(lang, { amount: amount.trim(), currencyCode: currency }),
          method: t(`paymentMethod.${method}`),
          points: formatNumber(lang, p.points),
          trigger: t(`program.trigger.${p.trigger}`, { defaultValue: p.trigger }),
          days: formatNumber(lang, settings.earning.approvalDelayDays),
          context: settings.earning.approvalDelayDays > 0 && p.status !== 'none' && p.status !== 'available' ? 'delay' : undefined,
        })
      : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('preview.title')}
        </Text>
        <FormLayout>
          <FormLayout.Group condensed>
            <TextField
              label={t('preview.amount')}
              value={amount}
              onChange={setAmount}
              autoComplete="off"
              inputMode="decimal"
              error={validAmount ? undefined : t('preview.amountInvalid')}
            />
            <Select
              label={t('program.currency')}
              value={currency}
              onChange={setCurrency}
              options={(currencies.length ? currencies : [currency]).map((c) => ({ label: c, value: c }))}
            />
          </FormLayout.Group>
          <Select
            label={t('preview.method')}
            value={method}
            onChange={(v) => setMethod(v as (typeof methods)[number])}
            options={methods.map((m) => ({ label: t(`paymentMethod.${m}`), value: m }))}
          />
        </FormLayout>
        <div aria-live="polite">
          {preview.isError ? (
            <Text as="p" tone="subdued">
              {t('preview.unavailable')}
            </Text>
          ) : (
            <Text as="p" variant="headingMd">
              <span data-testid="preview-sentence">{sentence ?? '…'}</span>
            </Text>
          )}
        </div>
      </BlockStack>
    </Card>
  );
}
