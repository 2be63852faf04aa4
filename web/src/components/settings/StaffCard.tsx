import { Banner, BlockStack, Box, Button, Card, FormLayout, InlineStack, Modal, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints, type StaffUser } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';

/** Standalone staff logins of the account: list, add (email + password), remove with a confirmation. */
export function StaffCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const staff = useQuery({ queryKey: ['staff'], queryFn: endpoints.staff });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<StaffUser | null>(null);

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            {t('staff.title')}
          </Text>
          <Button onClick={() => setAdding(true)}>{t('staff.add')}</Button>
        </InlineStack>
        {staff.isPending && <SkeletonBodyText lines={2} />}
        {staff.isError && (
          <Banner tone="critical" title={t('errors.loadFailed')}>
            <p>{staff.error.message}</p>
          </Banner>
        )}
        {staff.data && (
          <ul className="rapport-plain-list" aria-label={t('staff.title')}>
            {staff.data.staff.map((u) => (
              <li key={u.id}>
                <Box paddingBlock="200">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <BlockStack gap="050">
                      <Text as="span" fontWeight="semibold">
                        <bdi>{u.email}</bdi>
                      </Text>
                      <Text as="span" tone="subdued">
                        {u.id === staff.data.me ? t('staff.you') : t('staff.addedOn', { date: formatDate(lang, u.createdAt) })}
                      </Text>
                    </BlockStack>
                    {u.id !== staff.data.me && staff.data.staff.length > 1 && (
                      <Button
                        variant="plain"
                        tone="critical"
                        accessibilityLabel={t('common.removeNamed', { name: u.email })}
                        onClick={() => setRemoving(u)}
                      >
                        {t('common.remove')}
                      </Button>
                    )}
                  </InlineStack>
                </Box>
              </li>
            ))}
          </ul>
        )}
      </BlockStack>
      {adding && <AddStaffModal onClose={() => setAdding(false)} />}
      {removing && <RemoveStaffModal user={removing} onClose={() => setRemoving(null)} />}
    </Card>
  );
}

function AddStaffModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const add = useMutation({
    mutationFn: endpoints.addStaff,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
      onClose();
    },
  });
  // A 409 names the email field too (an email that is a login anywhere cannot be added).
  const server = add.error instanceof ApiError && add.error.status === 409 ? add.error.fields : fieldErrors(add.error);
  const banner = Object.keys(server).length ? null : formError(add.error);

  const submit = () => {
    const errors: Record<string, string> = {};
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) errors.email = t('staff.emailInvalid');
    if (password.length < 12) errors.password = t('staff.passwordShort');
    setLocal(errors);
    if (Object.keys(errors).length) return;
    add.mutate({ email: email.trim(), password });
  };

  return (
    <Modal
      open
      onClose={onClose}
      title={t('staff.addTitle')}
      primaryAction={{ content: t('staff.add'), onAction: submit, loading: add.isPending }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {banner && (
            <Banner tone="critical" title={t('staff.addFailed')}>
              <p>{banner}</p>
            </Banner>
          )}
          <TextField
            label={t('staff.email')}
            type="email"
            value={email}
            onChange={setEmail}
            autoComplete="off"
            error={local.email ?? server.email}
            requiredIndicator
          />
          <TextField
            label={t('staff.password')}
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            helpText={t('staff.passwordHelp')}
            error={local.password ?? server.password}
            requiredIndicator
          />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}

function RemoveStaffModal({ user, onClose }: { user: StaffUser; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => endpoints.removeStaff(user.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['staff'] });
      onClose();
    },
  });
  return (
    <Modal
      open
      onClose={onClose}
      title={t('staff.removeTitle')}
      primaryAction={{ content: t('common.remove'), destructive: true, onAction: () => remove.mutate(), loading: remove.isPending }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="200">
          {remove.error && (
            <Banner tone="critical" title={t('staff.removeFailed')}>
              <p>{remove.error.message}</p>
            </Banner>
          )}
          <Text as="p">{t('staff.removeConfirm', { email: user.email })}</Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
