import { Banner, BlockStack, Box, Button, Card, Form, FormLayout, Page, Select, Text, TextField } from '@shopify/polaris';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints } from '../api.ts';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';
import { fieldErrors, formError } from '../hooks/useFieldErrors.ts';

// The currencies our first merchants sell in first; the API takes any ISO 4217 code.
const CURRENCIES = ['PKR', 'INR', 'USD', 'AED', 'SAR', 'GBP', 'EUR', 'BDT'];

/** The first run: the owner's account and login (POST /api/setup/owner), then straight in. */
export function OwnerSetupPage({ onCreated }: { onCreated: (token: string) => void }) {
  const { t } = useTranslation();
  const [form, setForm] = useState({ shopName: '', currency: 'PKR', email: '', password: '' });
  const set = (field: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const create = useMutation({
    mutationFn: () => endpoints.createOwner({ ...form, email: form.email.trim() }),
    onSuccess: (r) => onCreated(r.token),
  });
  const errors = fieldErrors(create.error);
  const taken = create.error instanceof ApiError && create.error.status === 409;
  return (
    <Page narrowWidth>
      <Box paddingBlockStart="1600">
        <BlockStack gap="400">
          <Text as="h1" variant="headingXl">
            {t('setup.title')}
          </Text>
          <Text as="p">{t('setup.intro')}</Text>
          <Card>
            <Form onSubmit={() => create.mutate()}>
              <FormLayout>
                {taken && (
                  <Banner
                    tone="warning"
                    title={t('setup.taken')}
                    action={{ content: t('login.submit'), onAction: () => window.location.reload() }}
                  />
                )}
                {!taken && create.isError && !Object.keys(errors).length && (
                  <Banner tone="critical" title={formError(create.error) ?? t('errors.generic')} />
                )}
                <TextField
                  label={t('setup.shopName')}
                  autoComplete="organization"
                  value={form.shopName}
                  onChange={set('shopName')}
                  error={errors.shopName}
                  requiredIndicator
                />
                <Select
                  label={t('setup.currency')}
                  helpText={t('setup.currencyHelp')}
                  options={CURRENCIES}
                  value={form.currency}
                  onChange={set('currency')}
                />
                <TextField
                  label={t('setup.email')}
                  type="email"
                  autoComplete="username"
                  value={form.email}
                  onChange={set('email')}
                  error={errors.email}
                  requiredIndicator
                />
                <TextField
                  label={t('setup.password')}
                  type="password"
                  autoComplete="new-password"
                  helpText={t('setup.passwordHelp')}
                  value={form.password}
                  onChange={set('password')}
                  error={errors.password}
                  requiredIndicator
                />
                <Button
                  variant="primary"
                  submit
                  loading={create.isPending}
                  disabled={!form.shopName.trim() || !form.email || !form.password}
                >
                  {t('setup.submit')}
                </Button>
              </FormLayout>
            </Form>
          </Card>
          <LanguageSwitcher />
        </BlockStack>
      </Box>
    </Page>
  );
}
