import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Modal, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Tier } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';
import { toNumber } from './settings.ts';

type Draft = { id: string | null; name: string; threshold: string; multiplier: string; entryPoints: string; perks: string };

/** VIP tiers, lowest threshold first; how members qualify is in the program settings. */
export function TiersCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['tiers'], queryFn: endpoints.tiers });
  const [draft, setDraft] = useState<Draft | null>(null);
  const done = () => void qc.invalidateQueries({ queryKey: ['tiers'] });
  const remove = useMutation({ mutationFn: endpoints.deleteTier, onSettled: done });
  const open = (x?: Tier) =>
    setDraft(
      x
        ? {
            id: x.id,
            name: x.name,
            threshold: String(x.threshold),
            multiplier: String(x.multiplier),
            entryPoints: String(x.entryPoints),
            perks: x.perks ?? '',
          }
        : { id: null, name: '', threshold: '', multiplier: '1', entryPoints: '0', perks: '' },
    );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('tiers.title')}
          </Text>
          <Button variant="primary" onClick={() => open()}>
            {t('tiers.add')}
          </Button>
        </InlineStack>
        {remove.isError && (
          <Banner tone="critical">
            <p>{remove.error.message}</p>
          </Banner>
        )}
        {list.isPending ? (
          <SkeletonBodyText lines={3} />
        ) : (list.data?.tiers ?? []).length === 0 ? (
          <Text as="p" tone="subdued">
            {t('tiers.empty')}
          </Text>
        ) : (
          <ul className="rapport-plain-list">
            {list.data?.tiers.map((x) => (
              <li key={x.id}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <BlockStack gap="050">
                    <Text as="p" fontWeight="semibold">
                      {x.name}
                    </Text>
                    <Text as="p" tone="subdued" variant="bodySm">
                      {t('tiers.summary', {
                        threshold: formatNumber(lang, x.threshold),
                        multiplier: formatNumber(lang, x.multiplier),
                        entry: formatNumber(lang, x.entryPoints),
                      })}
                    </Text>
                    {x.perks && (
                      <Text as="p" variant="bodySm">
                        {x.perks}
                      </Text>
                    )}
                  </BlockStack>
                  <InlineStack gap="200">
                    <Button size="slim" onClick={() => open(x)} accessibilityLabel={t('common.editNamed', { name: x.name })}>
                      {t('common.edit')}
                    </Button>
                    <Button
                      size="slim"
                      tone="critical"
                      onClick={() => remove.mutate(x.id)}
                      accessibilityLabel={t('common.removeNamed', { name: x.name })}
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
        <TierModal
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

function TierModal({ draft: initial, onClose, onSaved }: { draft: Draft; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [d, setD] = useState(initial);
  const set = (k: keyof Draft) => (v: string) => setD((x) => ({ ...x, [k]: v }));
  const save = useMutation({
    mutationFn: () =>
      endpoints.saveTier(d.id, {
        name: d.name,
        threshold: toNumber(d.threshold),
        multiplier: toNumber(d.multiplier),
        entryPoints: toNumber(d.entryPoints),
        perks: d.perks.trim() || null,
      }),
    onSuccess: onSaved,
  });
  const errors = fieldErrors(save.error);
  return (
    <Modal
      open
      onClose={onClose}
      title={d.id ? t('tiers.edit') : t('tiers.add')}
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
          <TextField label={t('tiers.name')} value={d.name} onChange={set('name')} autoComplete="off" error={errors.name} />
          <FormLayout.Group condensed>
            <TextField
              label={t('tiers.threshold')}
              type="number"
              value={d.threshold}
              onChange={set('threshold')}
              autoComplete="off"
              error={errors.threshold}
              helpText={t('tiers.thresholdHelp')}
            />
            <TextField
              label={t('tiers.multiplier')}
              type="number"
              value={d.multiplier}
              onChange={set('multiplier')}
              autoComplete="off"
              error={errors.multiplier}
            />
            <TextField
              label={t('tiers.entryPoints')}
              type="number"
              value={d.entryPoints}
              onChange={set('entryPoints')}
              autoComplete="off"
              error={errors.entryPoints}
            />
          </FormLayout.Group>
          <TextField
            label={t('tiers.perks')}
            value={d.perks}
            onChange={set('perks')}
            autoComplete="off"
            multiline={2}
            error={errors.perks}
          />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
