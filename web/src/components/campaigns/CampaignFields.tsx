import { BlockStack, Button, Card, Checkbox, ChoiceList, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { MessageTemplate, Segment } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { segmentName } from '../segments/segmentText.ts';
import { nextVariantKey, variantShares, type CampaignDraft } from './campaignDraft.ts';
import { useAudienceSize } from './useAudienceSize.ts';

export type FieldsProps = {
  draft: CampaignDraft;
  set: (change: Partial<CampaignDraft>) => void;
  /** The last save's field errors, by the API's dotted path. */
  errors: Record<string, string>;
  templates: MessageTemplate[];
  segments: Segment[];
};

/** The campaign editor's cards: name and channel, audience, message and A/B variants, schedule. */
export function CampaignFields(props: FieldsProps) {
  return (
    <BlockStack gap="400">
      <DetailsCard {...props} />
      <AudienceCard {...props} />
      <MessageCard {...props} />
      <ScheduleCard {...props} />
    </BlockStack>
  );
}

function DetailsCard({ draft, set, errors }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <TextField
          label={t('messages.campaigns.editor.name')}
          value={draft.name}
          onChange={(name) => set({ name })}
          autoComplete="off"
          error={errors.name}
        />
        <Select
          label={t('messages.campaigns.editor.channel')}
          options={[
            { label: t('messages.channel.email'), value: 'email' },
            { label: t('messages.channel.whatsapp'), value: 'whatsapp' },
          ]}
          value={draft.channel}
          // Templates belong to one channel: a change of channel clears the chosen ones.
          onChange={(channel) =>
            set({ channel: channel as CampaignDraft['channel'], variants: draft.variants.map((v) => ({ ...v, templateId: '' })) })
          }
        />
      </BlockStack>
    </Card>
  );
}

function AudienceCard({ draft, set, errors, segments }: FieldsProps) {
  const { t } = useTranslation();
  const size = useAudienceSize(draft);
  const sizeText = size
    ? t(draft.channel === 'whatsapp' ? 'messages.campaigns.editor.sizeWhatsapp' : 'messages.campaigns.editor.sizeEmail', {
        count: size.customers,
        n: formatNumber(currentLanguage(), size.customers),
        reachable: formatNumber(currentLanguage(), size.reachable),
      })
    : undefined;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('messages.campaigns.editor.audience')}
        </Text>
        <ChoiceList
          title={t('messages.campaigns.editor.audienceKind')}
          titleHidden
          choices={[
            { label: t('messages.campaigns.editor.segment'), value: 'segment' },
            { label: t('messages.campaigns.editor.filters'), value: 'filter' },
          ]}
          selected={[draft.audienceKind]}
          onChange={([kind]) => set({ audienceKind: kind === 'filter' ? 'filter' : 'segment' })}
        />
        {draft.audienceKind === 'segment' ? (
          <Select
            label={t('messages.campaigns.editor.segmentField')}
            options={[
              { label: t('messages.campaigns.editor.chooseSegment'), value: '' },
              ...segments.map((s) => ({ label: segmentName(t, s), value: s.id })),
            ]}
            value={draft.segmentId}
            onChange={(segmentId) => set({ segmentId })}
            error={errors['audience.segmentId']}
            helpText={sizeText}
          />
        ) : (
          <BlockStack gap="200">
            <TextField
              label={t('messages.campaigns.editor.tags')}
              helpText={t('messages.campaigns.editor.tagsHelp')}
              value={draft.tags}
              onChange={(tags) => set({ tags })}
              autoComplete="off"
              error={errors['audience.filters.tags'] ?? errors['audience.filters.tags.0']}
            />
            <InlineStack gap="300" wrap>
              <TextField
                label={t('messages.campaigns.editor.minOrders')}
                type="number"
                min={0}
                value={draft.minOrders}
                onChange={(minOrders) => set({ minOrders })}
                autoComplete="off"
                error={errors['audience.filters.minOrders']}
              />
              <TextField
                label={t('messages.campaigns.editor.maxOrders')}
                type="number"
                min={0}
                value={draft.maxOrders}
                onChange={(maxOrders) => set({ maxOrders })}
                autoComplete="off"
                error={errors['audience.filters.maxOrders']}
              />
            </InlineStack>
            {sizeText && (
              <Text as="p" tone="subdued">
                {sizeText}
              </Text>
            )}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

function MessageCard({ draft, set, errors, templates }: FieldsProps) {
  const { t } = useTranslation();
  const usable = templates.filter((tpl) => tpl.channel === draft.channel);
  const shares = variantShares(draft.variants, draft.holdoutPercent);
  const several = draft.variants.length > 1;
  const next = nextVariantKey(draft.variants);
  const setVariant = (i: number, change: Partial<CampaignDraft['variants'][number]>) =>
    set({ variants: draft.variants.map((v, j) => (j === i ? { ...v, ...change } : v)) });
  const lang = currentLanguage();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('messages.campaigns.editor.message')}
        </Text>
        {usable.length === 0 && (
          <Text as="p" tone="subdued">
            {t('messages.campaigns.editor.noTemplates')}
          </Text>
        )}
        {draft.variants.map((v, i) => (
          <InlineStack key={v.key} gap="300" blockAlign="end" wrap={false}>
            <div style={{ flex: 1 }}>
              <Select
                label={several ? t('messages.campaigns.editor.variantTemplate', { key: v.key }) : t('messages.campaigns.editor.template')}
                options={[
                  { label: t('messages.campaigns.editor.chooseTemplate'), value: '' },
                  ...usable.map((tpl) => ({ label: tpl.name, value: tpl.id })),
                ]}
                value={v.templateId}
                onChange={(templateId) => setVariant(i, { templateId })}
                error={errors[`variants.${i}.templateId`] ?? errors[`variants.${i}.key`]}
              />
            </div>
            {several && (
              <div style={{ maxWidth: 140 }}>
                <TextField
                  label={t('messages.campaigns.editor.weight', { key: v.key })}
                  type="number"
                  min={1}
                  max={100}
                  value={v.weight}
                  onChange={(weight) => setVariant(i, { weight })}
                  autoComplete="off"
                  helpText={t('messages.campaigns.editor.share', { percent: formatNumber(lang, shares[i] ?? 0) })}
                  error={errors[`variants.${i}.weight`]}
                />
              </div>
            )}
            {several && (
              <Button
                onClick={() => set({ variants: draft.variants.filter((_, j) => j !== i) })}
                accessibilityLabel={t('messages.campaigns.editor.removeVariant', { key: v.key })}
              >
                {t('common.remove')}
              </Button>
            )}
          </InlineStack>
        ))}
        {errors.variants && (
          <Text as="p" tone="critical">
            {errors.variants}
          </Text>
        )}
        {next && (
          <InlineStack>
            <Button onClick={() => set({ variants: [...draft.variants, { key: next, templateId: '', weight: '1' }] })}>
              {t('messages.campaigns.editor.addVariant')}
            </Button>
          </InlineStack>
        )}
        <div style={{ maxWidth: 220 }}>
          <TextField
            label={t('messages.campaigns.editor.holdout')}
            type="number"
            min={0}
            max={50}
            suffix="%"
            value={draft.holdoutPercent}
            onChange={(holdoutPercent) => set({ holdoutPercent })}
            autoComplete="off"
            helpText={t('messages.campaigns.editor.holdoutHelp')}
            error={errors.holdoutPercent}
          />
        </div>
      </BlockStack>
    </Card>
  );
}

function ScheduleCard({ draft, set, errors }: FieldsProps) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('messages.campaigns.editor.schedule')}
        </Text>
        <ChoiceList
          title={t('messages.campaigns.editor.when')}
          titleHidden
          choices={[
            { label: t('messages.campaigns.editor.sendNow'), value: 'now' },
            { label: t('messages.campaigns.editor.sendLater'), value: 'later' },
          ]}
          selected={[draft.when]}
          onChange={([when]) => set({ when: when === 'later' ? 'later' : 'now' })}
        />
        {draft.when === 'later' && (
          <div style={{ maxWidth: 280 }}>
            <TextField
              label={t('messages.campaigns.editor.sendAt')}
              type="datetime-local"
              value={draft.sendAt}
              onChange={(sendAt) => set({ sendAt })}
              autoComplete="off"
              helpText={t('messages.campaigns.editor.sendAtHelp')}
              error={errors.sendAt}
            />
          </div>
        )}
        <Checkbox
          label={t('messages.campaigns.editor.window')}
          helpText={t('messages.campaigns.editor.windowHelp')}
          checked={draft.windowOn}
          onChange={(windowOn) => set({ windowOn })}
        />
        {draft.windowOn && (
          <InlineStack gap="300">
            <TextField
              label={t('messages.campaigns.editor.opens')}
              type="time"
              value={draft.opens}
              onChange={(opens) => set({ opens })}
              autoComplete="off"
              error={errors['window.opens']}
            />
            <TextField
              label={t('messages.campaigns.editor.closes')}
              type="time"
              value={draft.closes}
              onChange={(closes) => set({ closes })}
              autoComplete="off"
              error={errors['window.closes']}
            />
          </InlineStack>
        )}
      </BlockStack>
    </Card>
  );
}
