import { Banner, BlockStack, Button, Modal, Text } from '@shopify/polaris';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Connection } from '../../api.ts';

/** Disconnect on a store's card, confirmed in a modal (POST /api/connections/:id/disconnect). */
export function DisconnectStore({ connection }: { connection: Connection }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const disconnect = useMutation({
    mutationFn: () => endpoints.disconnectConnection(connection.id),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey: ['connections'] });
    },
  });
  const storeError = disconnect.data?.storeError ?? null;
  return (
    <BlockStack gap="200">
      {disconnect.isSuccess && (
        <Banner tone={storeError ? 'warning' : 'success'} onDismiss={() => disconnect.reset()}
          title={storeError ? t('data.disconnectStoreError', { error: storeError }) : t('data.disconnectDone')} />
      )}
      {connection.status !== 'disconnected' && (
        <div><Button tone="critical" variant="plain" onClick={() => setOpen(true)}>{t('data.disconnect')}</Button></div>
      )}
      {open && (
        <Modal
          open
          onClose={() => setOpen(false)}
          title={t('data.disconnectTitle', { name: connection.name })}
          primaryAction={{ content: t('data.disconnect'), destructive: true, onAction: () => disconnect.mutate(), loading: disconnect.isPending }}
          secondaryActions={[{ content: t('common.cancel'), onAction: () => setOpen(false) }]}
        >
          <Modal.Section>
            <BlockStack gap="300">
              {disconnect.isError && <Banner tone="critical" title={t('errors.generic')}><p>{disconnect.error.message}</p></Banner>}
              <Text as="p">{t('data.disconnectBody')}</Text>
            </BlockStack>
          </Modal.Section>
        </Modal>
      )}
    </BlockStack>
  );
}
