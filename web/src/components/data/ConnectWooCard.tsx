import { Banner, BlockStack, Button, Card, Form, FormLayout, InlineStack, Text, TextField } from '@shopify/polaris';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';

/**
 * Connect a WooCommerce store with pasted REST keys (POST /api/connections/woocommerce), or send
 * the merchant to the shop's own key-approval page (GET .../authorize-url), in the same tab.
 */
export function ConnectWooCard() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [url, setUrl] = useState('');
  const [consumerKey, setKey] = useState('');
  const [consumerSecret, setSecret] = useState('');
  const connect = useMutation({
    mutationFn: () => endpoints.wooConnect({ url, consumerKey, consumerSecret }),
    onSuccess: async () => {
      setKey('');
      setSecret('');
      await client.invalidateQueries({ queryKey: ['connections'] });
    },
  });
  const authorize = useMutation({
    mutationFn: () => endpoints.wooAuthorizeUrl(url),
    onSuccess: (r) => window.location.assign(r.url),
  });
  const fields = fieldErrors(connect.error ?? authorize.error);
  const message = formError(connect.error) ?? formError(authorize.error);

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{t('data.woo.title')}</Text>
        <Text as="p" tone="subdued">{t('data.woo.intro')}</Text>
        {message && (
          <Banner tone="critical" title={t('data.woo.failed')} onDismiss={() => { connect.reset(); authorize.reset(); }}>
            <p data-testid="woo-connect-error"><bdi>{message}</bdi></p>
          </Banner>
        )}
        {connect.data && (
          <Banner tone="success" title={t('data.woo.connected', { domain: connect.data.connection.domain })} onDismiss={() => connect.reset()}>
            <p>{t('data.woo.backfillStarted')}</p>
          </Banner>
        )}
        <Form noValidate onSubmit={() => connect.mutate()}>
          <FormLayout>
            <TextField label={t('data.woo.url')} type="url" autoComplete="url" value={url} onChange={setUrl}
              placeholder="https://shop.example.com" helpText={t('data.woo.urlHelp')} error={fields.url} />
            <FormLayout.Group>
              <TextField label={t('data.woo.consumerKey')} autoComplete="off" value={consumerKey} onChange={setKey}
                placeholder="ck_…" error={fields.consumerKey} monospaced />
              <TextField label={t('data.woo.consumerSecret')} type="password" autoComplete="off" value={consumerSecret} onChange={setSecret}
                placeholder="cs_…" error={fields.consumerSecret} monospaced />
            </FormLayout.Group>
            <InlineStack gap="200" wrap>
              <Button submit variant="primary" loading={connect.isPending}>{t('data.woo.connect')}</Button>
              <Button onClick={() => authorize.mutate()} loading={authorize.isPending} disabled={url.trim() === ''}>
                {t('data.woo.authorize')}
              </Button>
            </InlineStack>
            <Text as="p" variant="bodySm" tone="subdued">{t('data.woo.authorizeHelp')}</Text>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}
