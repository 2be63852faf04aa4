import { Banner, BlockStack, Modal, Text, TextField } from '@shopify/polaris';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authorizedFetch, endpoints } from '../../api.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';

/** Downloads an authorised JSON export under the file name the server gives. */
export async function downloadJson(path: string, fallbackName: string): Promise<void> {
  const res = await authorizedFetch(path);
  if (!res.ok) throw new Error(res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  a.click();
  URL.revokeObjectURL(url);
}

/** Downloads everything Rapport holds on the customer as JSON. */
export async function downloadCustomerExport(customerId: string): Promise<void> {
  await downloadJson(endpoints.customerExportUrl(customerId), `customer-${customerId}.json`);
}

/** Erasure of the customer's personal data, confirmed by typing the customer's id. */
export function EraseCustomerModal({ customerId, onClose }: { customerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [confirm, setConfirm] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const erase = useMutation({
    mutationFn: () => endpoints.eraseCustomer(customerId, confirm.trim()),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['customer', customerId] });
      await queryClient.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
  });
  const banner = formError(erase.error);
  const submit = () => {
    if (confirm.trim() !== customerId) {
      setLocal(t('privacy.confirmMismatch'));
      return;
    }
    setLocal(null);
    erase.mutate();
  };
  return (
    <Modal
      open
      onClose={onClose}
      title={t('privacy.eraseTitle')}
      primaryAction={{
        content: t('privacy.erase'),
        destructive: true,
        onAction: submit,
        loading: erase.isPending,
        disabled: !confirm.trim(),
      }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          {banner && (
            <Banner tone="critical" title={t('privacy.eraseFailed')}>
              <p>{banner}</p>
            </Banner>
          )}
          <Text as="p">{t('privacy.eraseExplanation')}</Text>
          <TextField
            label={t('privacy.confirmLabel', { id: customerId })}
            value={confirm}
            onChange={setConfirm}
            autoComplete="off"
            error={local ?? fieldErrors(erase.error).confirm}
            monospaced
          />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
