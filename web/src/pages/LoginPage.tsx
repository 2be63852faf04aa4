import { Banner, BlockStack, Box, Button, Card, Form, FormLayout, Page, Text, TextField } from '@shopify/polaris';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api.ts';
import { LanguageSwitcher } from '../components/LanguageSwitcher.tsx';

/** Standalone sign-in: POST /api/auth/login sets the HttpOnly session cookie. */
export function LoginPage({ onSignIn }: { onSignIn: (email: string, password: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSignIn(email.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 401 || err.status === 400) ? t('login.wrong') : t('errors.generic'));
      setBusy(false);
    }
  };

  return (
    <Page narrowWidth>
      <Box paddingBlockStart="1600">
        <BlockStack gap="400">
          <Text as="h1" variant="headingXl">
            {t('login.title')}
          </Text>
          <Card>
            <Form onSubmit={submit}>
              <FormLayout>
                {error && <Banner tone="critical" title={error} />}
                <TextField
                  label={t('login.email')}
                  type="email"
                  autoComplete="username"
                  value={email}
                  onChange={setEmail}
                  requiredIndicator
                />
                <TextField
                  label={t('login.password')}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={setPassword}
                  requiredIndicator
                />
                <Button variant="primary" submit loading={busy} disabled={!email || !password}>
                  {t('login.submit')}
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
