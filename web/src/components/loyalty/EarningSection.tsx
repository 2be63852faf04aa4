import { BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Trigger } from '../../api.ts';
import { toNumber, type SettingsEditor } from './settings.ts';

const triggers: Trigger[] = ['placed', 'paid', 'fulfilled', 'delivered'];

/** Rates per currency ("1 point per PKR 100"), rounding, shipping/tax, award triggers, delay, exclusions. */
export function EarningSection({ settings, set, errors }: SettingsEditor) {
  const { t } = useTranslation();
  const e = settings.earning;
  const triggerOptions = triggers.map((x) => ({ label: t(`program.trigger.${x}`), value: x }));
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {t('program.earning')}
        </Text>
        {errors['earning.rates'] && (
          <Text as="p" tone="critical">
            {errors['earning.rates']}
          </Text>
        )}
        {e.rates.map((r, i) => (
          <InlineStack key={i} gap="200" blockAlign="end" wrap={false}>
            <TextField
              label={t('program.points')}
              type="number"
              value={String(r.points)}
              autoComplete="off"
              onChange={(v) => set(`earning.rates.${i}.points`, toNumber(v))}
              error={errors[`earning.rates.${i}.points`]}
            />
            <TextField
              label={t('program.per', { currency: r.currency })}
              value={r.per}
              autoComplete="off"
              inputMode="decimal"
              onChange={(v) => set(`earning.rates.${i}.per`, v)}
              error={errors[`earning.rates.${i}.per`]}
            />
            <TextField
              label={t('program.currency')}
              value={r.currency}
              autoComplete="off"
              maxLength={3}
              onChange={(v) => set(`earning.rates.${i}.currency`, v.toUpperCase())}
              error={errors[`earning.rates.${i}.currency`]}
            />
            {e.rates.length > 1 && (
              <Button
                tone="critical"
                variant="plain"
                onClick={() =>
                  set(
                    'earning.rates',
                    e.rates.filter((_, k) => k !== i),
                  )
                }
                accessibilityLabel={t('program.removeRate', { currency: r.currency })}
              >
                {t('common.remove')}
              </Button>
            )}
          </InlineStack>
        ))}
        <InlineStack>
          <Button onClick={() => set('earning.rates', [...e.rates, { currency: '', points: 1, per: '100' }])}>
            {t('program.addRate')}
          </Button>
        </InlineStack>
        <FormLayout>
          <FormLayout.Group>
            <Select
              label={t('program.rounding')}
              value={e.rounding}
              onChange={(v) => set('earning.rounding', v)}
              options={['floor', 'round', 'ceil'].map((x) => ({ label: t(`program.roundingMode.${x}`), value: x }))}
            />
            <TextField
              label={t('program.approvalDelay')}
              type="number"
              value={String(e.approvalDelayDays)}
              autoComplete="off"
              helpText={t('program.approvalDelayHelp')}
              onChange={(v) => set('earning.approvalDelayDays', toNumber(v))}
              error={errors['earning.approvalDelayDays']}
            />
          </FormLayout.Group>
          <FormLayout.Group>
            <Checkbox
              label={t('program.includeShipping')}
              checked={e.includeShipping}
              onChange={(v) => set('earning.includeShipping', v)}
            />
            <Checkbox label={t('program.includeTax')} checked={e.includeTax} onChange={(v) => set('earning.includeTax', v)} />
          </FormLayout.Group>
          <FormLayout.Group>
            <Select
              label={t('program.triggerCard')}
              options={triggerOptions}
              value={e.triggers.card}
              onChange={(v) => set('earning.triggers.card', v)}
            />
            <Select
              label={t('program.triggerCod')}
              options={triggerOptions}
              value={e.triggers.cod}
              onChange={(v) => set('earning.triggers.cod', v)}
              helpText={t('program.codHelp')}
            />
            <Select
              label={t('program.triggerOther')}
              options={triggerOptions}
              value={e.triggers.other}
              onChange={(v) => set('earning.triggers.other', v)}
            />
          </FormLayout.Group>
          <Checkbox
            label={t('program.excludeGiftCards')}
            checked={e.excludeGiftCards}
            onChange={(v) => set('earning.excludeGiftCards', v)}
          />
          <FormLayout.Group>
            <ListField
              label={t('program.excludedProducts')}
              help={t('program.commaList')}
              value={e.excludedProductIds}
              onChange={(v) => set('earning.excludedProductIds', v)}
              error={errors['earning.excludedProductIds']}
            />
            <ListField
              label={t('program.excludedTags')}
              help={t('program.commaList')}
              value={e.excludedCustomerTags}
              onChange={(v) => set('earning.excludedCustomerTags', v)}
              error={errors['earning.excludedCustomerTags']}
            />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}

/** A comma-separated list; the text is kept as typed so a trailing comma does not vanish. */
function ListField(p: { label: string; help: string; value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const [text, setText] = useState(p.value.join(', '));
  return (
    <TextField
      label={p.label}
      helpText={p.help}
      value={text}
      autoComplete="off"
      error={p.error}
      onChange={(v) => {
        setText(v);
        p.onChange(
          v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}
