import { BlockStack, Card, Checkbox, FormLayout, Select, Text, TextField } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { toNumber, type SettingsEditor } from './settings.ts';

const actionKeys = ['signup', 'firstOrder', 'birthday', 'newsletter', 'review'] as const;

/** Points for actions, negative balances, expiry, how tiers qualify, referrals. */
export function MoreRulesSection({ settings: s, set, errors }: SettingsEditor) {
  const { t } = useTranslation();
  const num = (label: string, path: string, value: number, help?: string) => (
    <TextField
      label={label}
      type="number"
      value={Number.isNaN(value) ? '' : String(value)}
      autoComplete="off"
      helpText={help}
      onChange={(v) => set(path, toNumber(v))}
      error={errors[path]}
    />
  );
  return (
    <BlockStack gap="400">
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('program.actions')}
          </Text>
          <FormLayout>
            <FormLayout.Group condensed>
              {actionKeys.map((k) => (
                <div key={k}>{num(t(`program.action.${k}`), `actions.${k}`, s.actions[k])}</div>
              ))}
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('program.balanceExpiry')}
          </Text>
          <FormLayout>
            <Select
              label={t('program.negativeBalance')}
              value={s.negativeBalance}
              onChange={(v) => set('negativeBalance', v)}
              options={[
                { label: t('program.negative.clamp'), value: 'clamp' },
                { label: t('program.negative.allow'), value: 'allow' },
              ]}
            />
            <FormLayout.Group>
              <Select
                label={t('program.expiryMode')}
                value={s.expiry.mode}
                onChange={(v) => set('expiry.mode', v)}
                options={['none', 'inactivity', 'per_entry'].map((x) => ({ label: t(`program.expiry.${x}`), value: x }))}
              />
              {num(t('program.expiryMonths'), 'expiry.months', s.expiry.months)}
            </FormLayout.Group>
            <TextField
              label={t('program.pointCost')}
              value={s.pointCost ?? ''}
              autoComplete="off"
              inputMode="decimal"
              helpText={t('program.pointCostHelp')}
              // Empty means "not valued": the key is left out, as the API expects.
              onChange={(v) => set('pointCost', v.trim() === '' ? undefined : v)}
              error={errors.pointCost}
            />
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('program.tierRules')}
          </Text>
          <FormLayout>
            <FormLayout.Group>
              <Select
                label={t('program.tierBasis')}
                value={s.tiers.basis}
                onChange={(v) => set('tiers.basis', v)}
                options={['points_earned', 'amount_spent'].map((x) => ({ label: t(`program.basis.${x}`), value: x }))}
              />
              <Select
                label={t('program.tierPeriod')}
                value={s.tiers.period}
                onChange={(v) => set('tiers.period', v)}
                options={['lifetime', 'rolling_12_months', 'calendar_year'].map((x) => ({ label: t(`program.period.${x}`), value: x }))}
              />
              {num(t('program.graceDays'), 'tiers.graceDays', s.tiers.graceDays, t('program.graceHelp'))}
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      </Card>
      <Card>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t('program.referrals')}
          </Text>
          <FormLayout>
            <Checkbox label={t('program.referralsEnabled')} checked={s.referrals.enabled} onChange={(v) => set('referrals.enabled', v)} />
            <FormLayout.Group>
              {num(t('program.advocatePoints'), 'referrals.advocatePoints', s.referrals.advocatePoints)}
              {num(t('program.friendPoints'), 'referrals.friendPoints', s.referrals.friendPoints)}
              {num(t('program.maxPerIp'), 'referrals.maxPerIpPerDay', s.referrals.maxPerIpPerDay)}
            </FormLayout.Group>
          </FormLayout>
        </BlockStack>
      </Card>
    </BlockStack>
  );
}
