import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
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
import { endpoints, type CampaignBody, type CampaignPreset, type PointsCampaign } from '../../api.ts';
import { formatMoney, formatNumber, isolate, minorToMoney } from '../../format.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';
import { toNumber } from './settings.ts';

// Points campaigns: double or bonus points for an audience in a window, entered as the shop's wall
// time. The list shows each campaign's status and results (orders, revenue, points it awarded).

type Draft = {
  id: string | null;
  status: PointsCampaign['status'] | null;
  preset: CampaignPreset['key'] | '';
  name: string;
  kind: 'multiplier' | 'bonus';
  multiplier: string;
  bonusPoints: string;
  minOrderAmount: string;
  audience: string;
  startsAt: string;
  endsAt: string;
  messages: Record<'en' | 'ur' | 'pa' | 'hi', string>;
};

const MESSAGE_LANGUAGES = ['en', 'ur', 'pa', 'hi'] as const;
const statusTone = { scheduled: 'info', active: 'success', ended: undefined, cancelled: 'critical' } as const;

const audienceKey = (a: PointsCampaign['audience']) => (a.type === 'everyone' ? 'everyone' : `${a.type}:${a.id}`);
function audienceOf(key: string): PointsCampaign['audience'] {
  const [type, ...rest] = key.split(':');
  return type === 'segment' || type === 'tier' ? { type, id: rest.join(':') } : { type: 'everyone' };
}

export function CampaignsCard({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['points-campaigns'], queryFn: endpoints.pointsCampaigns });
  const segments = useQuery({ queryKey: ['segments'], queryFn: endpoints.segments });
  const tiers = useQuery({ queryKey: ['tiers'], queryFn: endpoints.tiers });
  const [draft, setDraft] = useState<Draft | null>(null);
  const done = () => void qc.invalidateQueries({ queryKey: ['points-campaigns'] });
  const cancel = useMutation({ mutationFn: endpoints.cancelCampaign, onSettled: done });
  const names = new Map<string, string>([
    ...(segments.data?.segments ?? []).map((s) => [`segment:${s.id}`, s.name] as const),
    ...(tiers.data?.tiers ?? []).map((x) => [`tier:${x.id}`, x.name] as const),
  ]);
  const audienceText = (a: PointsCampaign['audience']) =>
    a.type === 'everyone'
      ? t('campaigns.audiences.everyone')
      : t(`campaigns.audiences.${a.type}`, { name: names.get(audienceKey(a)) ?? a.id });
  const open = (c?: PointsCampaign) =>
    setDraft(
      c
        ? {
            id: c.id,
            status: c.status,
            preset: '',
            name: c.name,
            kind: c.kind,
            multiplier: String(c.multiplier),
            bonusPoints: String(c.bonusPoints),
            minOrderAmount: c.minOrderMinor === null ? '' : String(c.minOrderMinor / 100),
            audience: audienceKey(c.audience),
            startsAt: c.startsAtLocal,
            endsAt: c.endsAtLocal,
            messages: { en: c.messages.en ?? '', ur: c.messages.ur ?? '', pa: c.messages.pa ?? '', hi: c.messages.hi ?? '' },
          }
        : {
            id: null,
            status: null,
            preset: '',
            name: '',
            kind: 'multiplier',
            multiplier: '2',
            bonusPoints: '',
            minOrderAmount: '',
            audience: 'everyone',
            startsAt: '',
            endsAt: '',
            messages: { en: '', ur: '', pa: '', hi: '' },
          },
    );
  const audiences = [
    { label: t('campaigns.audiences.everyone'), value: 'everyone' },
    ...(segments.data?.segments ?? []).map((s) => ({
      label: t('campaigns.audiences.segment', { name: s.name }),
      value: `segment:${s.id}`,
    })),
    ...(tiers.data?.tiers ?? []).map((x) => ({ label: t('campaigns.audiences.tier', { name: x.name }), value: `tier:${x.id}` })),
  ];
  // Wall times read left to right inside RTL text.
  const window = (c: PointsCampaign) => ({
    from: isolate(c.startsAtLocal.replace('T', ' ')),
    to: isolate(c.endsAtLocal.replace('T', ' ')),
  });
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('campaigns.title')}
          </Text>
          <Button variant="primary" onClick={() => open()}>
            {t('campaigns.add')}
          </Button>
        </InlineStack>
        {cancel.isError && (
          <Banner tone="critical">
            <p>{cancel.error.message}</p>
          </Banner>
        )}
        {list.isPending ? (
          <SkeletonBodyText lines={3} />
        ) : (list.data?.campaigns ?? []).length === 0 ? (
          <Text as="p" tone="subdued">
            {t('campaigns.empty')}
          </Text>
        ) : (
          <ul className="rapport-plain-list" data-testid="points-campaigns">
            {list.data?.campaigns.map((c) => (
              <li key={c.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="p" fontWeight="semibold">
                        {c.name}
                      </Text>
                      <Badge tone={statusTone[c.status]}>{t(`campaigns.status.${c.status}`)}</Badge>
                    </InlineStack>
                    <Text as="p" tone="subdued" variant="bodySm">
                      {c.kind === 'multiplier'
                        ? t('campaigns.summaryMultiplier', { multiplier: formatNumber(lang, c.multiplier), ...window(c) })
                        : t('campaigns.summaryBonus', { points: formatNumber(lang, c.bonusPoints), ...window(c) })}
                      {' · '}
                      {audienceText(c.audience)}
                    </Text>
                    <Text as="p" variant="bodySm">
                      {t('campaigns.results', {
                        orders: formatNumber(lang, c.results.orders),
                        revenue: formatMoney(lang, minorToMoney(c.results.revenueMinor, c.currency)),
                        points: formatNumber(lang, c.results.pointsAwarded + c.results.pointsPending),
                      })}
                    </Text>
                  </BlockStack>
                  {(c.status === 'scheduled' || c.status === 'active') && (
                    <InlineStack gap="200">
                      <Button size="slim" onClick={() => open(c)} accessibilityLabel={t('common.editNamed', { name: c.name })}>
                        {t('common.edit')}
                      </Button>
                      <Button size="slim" tone="critical" onClick={() => cancel.mutate(c.id)}>
                        {t('campaigns.cancel')}
                      </Button>
                    </InlineStack>
                  )}
                </InlineStack>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
      {draft && (
        <CampaignModal
          draft={draft}
          currency={currency}
          timeZone={list.data?.timeZone ?? 'UTC'}
          audiences={audiences}
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

function CampaignModal(props: {
  draft: Draft;
  currency: string;
  timeZone: string;
  audiences: Array<{ label: string; value: string }>;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [d, setD] = useState(props.draft);
  const presets = useQuery({ queryKey: ['campaign-presets'], queryFn: endpoints.campaignPresets, enabled: !d.id });
  const set = (k: 'name' | 'multiplier' | 'bonusPoints' | 'minOrderAmount' | 'audience' | 'startsAt' | 'endsAt') => (v: string) =>
    setD((x) => ({ ...x, [k]: v }));
  const running = d.status === 'active';
  const pick = (key: string) => {
    const p = presets.data?.presets.find((x) => x.key === key);
    setD((x) =>
      p
        ? {
            ...x,
            preset: p.key,
            name: t(`campaigns.presets.${p.key}`),
            kind: p.kind,
            multiplier: String(p.multiplier),
            startsAt: p.startsAt,
            endsAt: p.endsAt,
          }
        : { ...x, preset: '' },
    );
  };
  const chosen = presets.data?.presets.find((p) => p.key === d.preset);
  const save = useMutation({
    mutationFn: () => {
      const messages = Object.fromEntries(Object.entries(d.messages).filter(([, v]) => v.trim())) as CampaignBody['messages'];
      const body: CampaignBody = running
        ? { name: d.name, endsAt: d.endsAt, messages }
        : {
            ...(d.preset && !d.id ? { preset: d.preset } : {}),
            name: d.name,
            kind: d.kind,
            ...(d.kind === 'multiplier'
              ? { multiplier: toNumber(d.multiplier) }
              : { bonusPoints: toNumber(d.bonusPoints), minOrderAmount: d.minOrderAmount.trim() || null }),
            audience: audienceOf(d.audience),
            startsAt: d.startsAt,
            endsAt: d.endsAt,
            messages,
          };
      return endpoints.saveCampaign(d.id, body);
    },
    onSuccess: props.onSaved,
  });
  const errors = fieldErrors(save.error);
  return (
    <Modal
      open
      onClose={props.onClose}
      title={d.id ? t('campaigns.edit') : t('campaigns.add')}
      primaryAction={{ content: t('common.save'), onAction: () => save.mutate(), loading: save.isPending }}
      secondaryActions={[{ content: t('common.cancel'), onAction: props.onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {formError(save.error) && (
            <Banner tone="critical">
              <p>{formError(save.error)}</p>
            </Banner>
          )}
          {running && (
            <Text as="p" tone="subdued">
              {t('campaigns.lockedHelp')}
            </Text>
          )}
          {!d.id && (
            <Select
              label={t('campaigns.preset')}
              options={[
                { label: t('campaigns.presetNone'), value: '' },
                ...(presets.data?.presets ?? []).map((p) => ({ label: t(`campaigns.presets.${p.key}`), value: p.key })),
              ]}
              value={d.preset}
              onChange={pick}
              helpText={chosen?.approximate ? t('campaigns.approximate') : undefined}
            />
          )}
          <TextField label={t('campaigns.name')} value={d.name} onChange={set('name')} autoComplete="off" error={errors.name} />
          <Select
            label={t('campaigns.kind')}
            disabled={running}
            options={[
              { label: t('campaigns.kinds.multiplier'), value: 'multiplier' },
              { label: t('campaigns.kinds.bonus'), value: 'bonus' },
            ]}
            value={d.kind}
            onChange={(v) => setD((x) => ({ ...x, kind: v === 'bonus' ? 'bonus' : 'multiplier' }))}
          />
          {d.kind === 'multiplier' ? (
            <TextField
              label={t('campaigns.multiplier')}
              type="number"
              value={d.multiplier}
              onChange={set('multiplier')}
              autoComplete="off"
              disabled={running}
              error={errors.multiplier}
            />
          ) : (
            <FormLayout.Group condensed>
              <TextField
                label={t('campaigns.bonusPoints')}
                type="number"
                value={d.bonusPoints}
                onChange={set('bonusPoints')}
                autoComplete="off"
                disabled={running}
                error={errors.bonusPoints}
              />
              <TextField
                label={t('campaigns.minOrder', { currency: props.currency })}
                value={d.minOrderAmount}
                onChange={set('minOrderAmount')}
                autoComplete="off"
                disabled={running}
                error={errors.minOrderAmount}
              />
            </FormLayout.Group>
          )}
          <Select
            label={t('campaigns.audience')}
            options={props.audiences}
            value={d.audience}
            onChange={set('audience')}
            disabled={running}
            error={errors['audience.id']}
          />
          <FormLayout.Group condensed>
            <TextField
              label={t('campaigns.startsAt')}
              type="datetime-local"
              value={d.startsAt}
              onChange={set('startsAt')}
              autoComplete="off"
              disabled={running}
              error={errors.startsAt}
            />
            <TextField
              label={t('campaigns.endsAt')}
              type="datetime-local"
              value={d.endsAt}
              onChange={set('endsAt')}
              autoComplete="off"
              error={errors.endsAt}
            />
          </FormLayout.Group>
          <Text as="p" tone="subdued" variant="bodySm">
            {t('campaigns.windowHelp', { zone: props.timeZone })}
          </Text>
          {MESSAGE_LANGUAGES.map((l) => (
            <TextField
              key={l}
              label={t('campaigns.message', { language: t(`campaigns.languages.${l}`) })}
              value={d.messages[l]}
              onChange={(v) => setD((x) => ({ ...x, messages: { ...x.messages, [l]: v } }))}
              autoComplete="off"
              maxLength={140}
              helpText={l === 'en' ? t('campaigns.messageHelp') : undefined}
              error={errors[`messages.${l}`]}
            />
          ))}
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
