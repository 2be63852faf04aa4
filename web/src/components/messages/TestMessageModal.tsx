import { Banner, FormLayout, Modal, Select, TextField } from '@shopify/polaris';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Queues a transactional test email (POST /api/messages/test): to the signed-in staff member unless an address is given. */
export function TestMessageModal({ onClose, onQueued }: { onClose: () => void; onQueued: (to: string) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [language, setLanguage] = useState('en');
  // One key per opened dialog: a double click queues one email.
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);
  const send = useMutation({
    mutationFn: () =>
      endpoints.sendTestMessage({
        ...(to.trim() ? { to: to.trim() } : {}),
        subject: subject.trim(),
        text: body,
        html: body
          .split(/\n{2,}/)
          .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
          .join(''),
        language,
        idempotencyKey,
      }),
    onSuccess: async (r) => {
      await client.invalidateQueries({ queryKey: ['messages'] });
      onQueued(r.to);
    },
  });
  const server = fieldErrors(send.error);
  const banner = formError(send.error);
  const [local, setLocal] = useState<Record<string, string>>({});
  const submit = () => {
    const errors: Record<string, string> = {};
    if (!subject.trim()) errors.subject = t('messages.test.required');
    if (!body.trim()) errors.text = t('messages.test.required');
    setLocal(errors);
    if (!Object.keys(errors).length) send.mutate();
  };

  return (
    <Modal
      open
      onClose={onClose}
      title={t('messages.test.title')}
      primaryAction={{ content: t('messages.test.send'), onAction: submit, loading: send.isPending }}
      secondaryActions={[{ content: t('common.cancel'), onAction: onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {banner && (
            <Banner tone="critical" title={t('messages.test.failed')}>
              <p>{banner}</p>
            </Banner>
          )}
          <TextField
            label={t('messages.test.to')}
            type="email"
            value={to}
            onChange={setTo}
            autoComplete="email"
            helpText={t('messages.test.toHelp')}
            error={server.to}
          />
          <TextField
            label={t('messages.test.subject')}
            value={subject}
            onChange={setSubject}
            autoComplete="off"
            error={local.subject ?? server.subject}
            requiredIndicator
          />
          <TextField
            label={t('messages.test.body')}
            value={body}
            onChange={setBody}
            autoComplete="off"
            multiline={4}
            error={local.text ?? server.text ?? server.html}
            requiredIndicator
          />
          <Select
            label={t('messages.test.language')}
            options={(['en', 'ur', 'pa', 'hi'] as const).map((l) => ({ label: t(`messages.languages.${l}`), value: l }))}
            value={language}
            onChange={setLanguage}
          />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
