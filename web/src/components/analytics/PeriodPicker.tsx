import { FormLayout, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { lastDays, MAX_DAYS, presets, rangeProblem, type Period } from './period.ts';

/** Presets (last 30/90/365 days) or a custom from/to; the page only hears of a valid period. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [choice, setChoice] = useState('90');
  const [draft, setDraft] = useState<Period>(value);
  const problem = choice === 'custom' ? rangeProblem(draft) : null;
  const editDraft = (next: Period) => {
    setDraft(next);
    if (!rangeProblem(next)) onChange(next);
  };
  return (
    <FormLayout>
      <FormLayout.Group condensed>
        <Select
          label={t('analytics.period')}
          value={choice}
          onChange={(v) => {
            setChoice(v);
            if (v === 'custom') setDraft(value);
            else onChange(lastDays(Number(v)));
          }}
          options={[
            ...presets.map((d) => ({ label: t('home.lastDays', { n: formatNumber(lang, d) }), value: String(d) })),
            { label: t('analytics.custom'), value: 'custom' },
          ]}
        />
        {choice === 'custom' && (
          <TextField
            label={t('analytics.from')}
            type="date"
            value={draft.from}
            autoComplete="off"
            onChange={(from) => editDraft({ ...draft, from })}
            error={problem === 'missing' && !draft.from ? t('analytics.dateRequired') : undefined}
          />
        )}
        {choice === 'custom' && (
          <TextField
            label={t('analytics.to')}
            type="date"
            value={draft.to}
            autoComplete="off"
            onChange={(to) => editDraft({ ...draft, to })}
            error={
              problem === 'order'
                ? t('analytics.toBeforeFrom')
                : problem === 'tooLong'
                  ? t('analytics.tooLong', { n: formatNumber(lang, MAX_DAYS) })
                  : problem === 'missing' && !draft.to
                    ? t('analytics.dateRequired')
                    : undefined
            }
          />
        )}
      </FormLayout.Group>
      <InlineStack>
        <Text as="p" tone="subdued">
          {t('analytics.showing', { from: formatDate(lang, `${value.from}T12:00:00Z`), to: formatDate(lang, `${value.to}T12:00:00Z`) })}
        </Text>
      </InlineStack>
    </FormLayout>
  );
}
