import { BlockStack, Button, ButtonGroup, Card, Select, Text, TextField } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessageTemplate, type Segment } from '../../api.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { customerName } from '../customerName.ts';
import { TemplatePreviewPane } from '../messages/TemplatePreviewPane.tsx';
import { TEMPLATE_LANGUAGES, type TemplateLanguage } from '../messages/templateDraft.ts';
import type { CampaignDraft } from './campaignDraft.ts';

type Who = { id: string; label: string };

/**
 * Beside the editor: the chosen template (each variant's, for an A/B test) rendered for a real
 * customer of the audience, or one found by search, in English, Urdu, Punjabi or Hindi. The
 * server renders it (TemplatePreviewPane, /api/message-templates/:id/preview); Urdu and
 * Shahmukhi come back right to left.
 */
export function CampaignPreviewCard({
  draft,
  templates,
  segments,
}: {
  draft: CampaignDraft;
  templates: MessageTemplate[];
  segments: Segment[];
}) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<TemplateLanguage>('en');
  const [variantKey, setVariantKey] = useState('A');
  const [customerId, setCustomerId] = useState('');
  const [search, setSearch] = useState('');
  const query = useDebounced(search.trim(), 400);
  const chosen = draft.variants.filter((v) => v.templateId);
  const variant = chosen.find((v) => v.key === variantKey) ?? chosen[0];
  const template = templates.find((tpl) => tpl.id === variant?.templateId);
  const audience = useAudienceSample(draft, segments);
  const found = useQuery({
    queryKey: ['campaign-preview-search', query],
    queryFn: () => endpoints.customers({ query, first: 10 }),
    enabled: query !== '',
    placeholderData: keepPreviousData,
  });
  const people: Who[] = query ? (found.data?.customers ?? []).map((c) => ({ id: c.id, label: customerName(c) ?? c.id })) : audience;

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t('messages.campaigns.preview.title')}
        </Text>
        {chosen.length > 1 && (
          <Select
            label={t('messages.campaigns.preview.variant')}
            options={chosen.map((v) => ({
              label: t('messages.campaigns.preview.variantOption', {
                key: v.key,
                name: templates.find((tpl) => tpl.id === v.templateId)?.name ?? '',
              }),
              value: v.key,
            }))}
            value={variant?.key ?? ''}
            onChange={setVariantKey}
          />
        )}
        <BlockStack gap="100">
          <Text as="p" variant="bodySm" tone="subdued" id="campaign-preview-language">
            {t('messages.campaigns.preview.language')}
          </Text>
          <div role="group" aria-labelledby="campaign-preview-language">
            <ButtonGroup variant="segmented">
              {TEMPLATE_LANGUAGES.map((l) => (
                <Button key={l} pressed={l === language} onClick={() => setLanguage(l)}>
                  {t(`messages.templates.languages.${l}`)}
                </Button>
              ))}
            </ButtonGroup>
          </div>
        </BlockStack>
        <TextField
          label={t('messages.campaigns.preview.search')}
          value={search}
          onChange={setSearch}
          autoComplete="off"
          clearButton
          onClearButtonClick={() => setSearch('')}
        />
        <Select
          label={t('messages.campaigns.preview.customer')}
          options={[
            { label: t('messages.templates.preview.sample'), value: '' },
            ...people.map((p) => ({ label: p.label, value: p.id })),
            // Keep the chosen one listed while a search shows others.
            ...(customerId && !people.some((p) => p.id === customerId) ? [{ label: customerId, value: customerId }] : []),
          ]}
          value={customerId}
          onChange={setCustomerId}
        />
        {template ? (
          <TemplatePreviewPane templateId={template.id} variants={template.variants} language={language} customerId={customerId} />
        ) : (
          <Text as="p" tone="subdued">
            {t('messages.campaigns.preview.noTemplate')}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

/** Up to ten customers of the audience: the segment's preview sample, or the customer list with the filters. */
function useAudienceSample(draft: CampaignDraft, segments: Segment[]): Who[] {
  const segment = draft.audienceKind === 'segment' ? segments.find((s) => s.id === draft.segmentId) : undefined;
  const bySegment = useQuery({
    queryKey: ['segment-preview', segment?.query],
    queryFn: () => endpoints.previewSegment(segment!.query),
    enabled: Boolean(segment),
  });
  const filters = { tags: draft.tags.trim(), minOrders: draft.minOrders.trim(), maxOrders: draft.maxOrders.trim() };
  const byFilters = useQuery({
    queryKey: ['campaign-preview-filters', filters],
    queryFn: () => endpoints.customers({ ...filters, first: 10 }),
    enabled: draft.audienceKind === 'filter',
    retry: false,
  });
  if (draft.audienceKind === 'segment')
    return (bySegment.data?.sample ?? []).slice(0, 10).map((m) => ({ id: m.id, label: customerName({ ...m, phone: null }) ?? m.id }));
  return (byFilters.data?.customers ?? []).map((c) => ({ id: c.id, label: customerName(c) ?? c.id }));
}
