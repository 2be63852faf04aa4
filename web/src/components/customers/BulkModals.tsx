import { Banner, FormLayout, Modal, Text, TextField } from '@shopify/polaris';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';

type Props = { ids: string[]; onClose: () => void; onDone: (message: string) => void };

/** Adds one tag to every selected customer (one request: POST /api/customers/tags). */
export function BulkTagModal({ ids, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const [tag, setTag] = useState('');
  const run = useMutation({
    mutationFn: () => endpoints.bulkTag(ids, [tag.trim()]),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['customers'] });
      onDone(t('bulk.tagged', { n: formatNumber(lang, r.customers), tag: tag.trim() }));
    },
  });
  const errors = fieldErrors(run.error);
  return (
    <Modal
      open
      onClose={onClose}
      title={t('bulk.addTagTitle', { n: formatNumber(lang, ids.length) })}
      primaryAction={{ content: t('bulk.addTag'), onAction: () => run.mutate(), loading: run.isPending, disabled: !tag.trim() }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {formError(run.error) && (
            <Banner tone="critical">
              <p>{formError(run.error)}</p>
            </Banner>
          )}
          <TextField label={t('tagsNotes.addTag')} value={tag} onChange={setTag} autoComplete="off" error={errors['add.0']} />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}

/**
 * Adjusts the points of every selected customer by looping the single-customer endpoint (its
 * rules and idempotency apply to each); refusals are counted, not fatal.
 */
export function BulkPointsModal({ ids, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const [points, setPoints] = useState('');
  const [note, setNote] = useState('');
  const [progress, setProgress] = useState(0);
  const batch = useMemo(() => crypto.randomUUID(), []);
  const run = useMutation({
    mutationFn: async () => {
      const n = Number(points);
      let failed = 0;
      for (const [i, id] of ids.entries()) {
        try {
          await endpoints.adjustPoints(id, { points: n, note: note.trim(), idempotencyKey: `${batch}:${id}` });
        } catch {
          failed++;
        }
        setProgress(i + 1);
      }
      return failed;
    },
    onSuccess: (failed) => {
      void qc.invalidateQueries({ queryKey: ['customer'] });
      onDone(t('bulk.adjusted', { n: formatNumber(lang, ids.length - failed), failed: formatNumber(lang, failed) }));
    },
  });
  const valid = Number.isInteger(Number(points)) && Number(points) !== 0 && note.trim() !== '';
  return (
    <Modal
      open
      onClose={onClose}
      title={t('bulk.adjustTitle', { n: formatNumber(lang, ids.length) })}
      primaryAction={{ content: t('adjust.save'), onAction: () => run.mutate(), loading: run.isPending, disabled: !valid }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          <TextField
            label={t('adjust.points')}
            type="number"
            value={points}
            onChange={setPoints}
            autoComplete="off"
            helpText={t('adjust.pointsHelp')}
          />
          <TextField label={t('adjust.reason')} value={note} onChange={setNote} autoComplete="off" requiredIndicator />
          {run.isPending && (
            <Text as="p" tone="subdued">
              {t('bulk.progress', { done: formatNumber(lang, progress), n: formatNumber(lang, ids.length) })}
            </Text>
          )}
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
