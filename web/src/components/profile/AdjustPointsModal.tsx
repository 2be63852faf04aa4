import { Banner, FormLayout, Modal, TextField } from '@shopify/polaris';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAdjustPoints } from '../../hooks/useAdjustPoints.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';

/** Award (positive) or deduct (negative) points with a required reason. */
export function AdjustPointsModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [points, setPoints] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  // One key per opened dialog: a double click or a retry cannot post the adjustment twice.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const adjust = useAdjustPoints(customerId);
  const server = fieldErrors(adjust.error);
  const banner = formError(adjust.error);

  const submit = () => {
    const n = Number(points);
    const errors: Record<string, string> = {};
    if (!Number.isInteger(n) || n === 0) errors.points = t('adjust.pointsInvalid');
    if (!note.trim()) errors.note = t('adjust.reasonRequired');
    setLocal(errors);
    if (Object.keys(errors).length) return;
    adjust.mutate({ points: n, note: note.trim(), idempotencyKey }, { onSuccess: onClose });
  };

  return (
    <Modal
      open
      onClose={onClose}
      title={t('adjust.title')}
      primaryAction={{ content: t('adjust.save'), onAction: submit, loading: adjust.isPending }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {banner && (
            <Banner tone="critical" title={t('adjust.failed')}>
              <p>{banner}</p>
            </Banner>
          )}
          <TextField
            label={t('adjust.points')}
            type="number"
            value={points}
            onChange={setPoints}
            autoComplete="off"
            helpText={t('adjust.pointsHelp')}
            error={local.points ?? server.points}
          />
          <TextField
            label={t('adjust.reason')}
            value={note}
            onChange={setNote}
            autoComplete="off"
            multiline={2}
            helpText={t('adjust.reasonHelp')}
            error={local.note ?? server.note}
            requiredIndicator
          />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
