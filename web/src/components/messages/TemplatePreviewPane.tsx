import { Banner, BlockStack, InlineStack, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints, type TemplateProblem, type TemplateVariants } from '../../api.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { rtlLanguage, type TemplateChannel, type TemplateLanguage } from './templateDraft.ts';
import { WhatsAppPreview } from './WhatsAppPreview.tsx';

/** The problems of a 400 from the templates API, or null for any other failure. */
export function templateProblems(error: unknown): TemplateProblem[] | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const problems = (error.details as { problems?: TemplateProblem[] } | null | undefined)?.problems;
  return Array.isArray(problems) ? problems : null;
}

/**
 * The live preview of one language variant as it is typed: subject, the rendered email in a
 * sandboxed frame (no scripts, no navigation; right to left for ur and pa as the email itself
 * says), the plain-text part; for WhatsApp, the approved template's parameters filled in. The
 * sample shopper, or a real customer by id.
 *
 * With `templateId` it previews the saved template (a campaign's variant) through
 * `/api/message-templates/:id/preview`, the same renderer; `customerId` given by the caller (a
 * customer picked from the audience) replaces the pane's own id field.
 */
export function TemplatePreviewPane({
  language,
  variants,
  channel = 'email',
  templateId,
  customerId: chosenCustomer,
}: {
  language: TemplateLanguage;
  variants: TemplateVariants;
  channel?: TemplateChannel;
  templateId?: string;
  customerId?: string;
}) {
  const { t } = useTranslation();
  const [typedCustomer, setCustomerId] = useState('');
  const customerId = chosenCustomer ?? typedCustomer;
  // Debounced as text: a new but equal object each render must not restart the wait.
  const typed = useDebounced(
    JSON.stringify({ language, variants, channel, customerId: customerId.trim(), templateId: templateId ?? '' }),
    500,
  );
  const request = useMemo(
    () =>
      JSON.parse(typed) as {
        language: TemplateLanguage;
        variants: TemplateVariants;
        channel: TemplateChannel;
        customerId: string;
        templateId: string;
      },
    [typed],
  );
  // A saved template falls back (the shopper's language, the shop's, English) as a send does: the pane says which it showed.
  const hasVariant = request.templateId !== '' || request.variants[request.language] !== undefined;
  const preview = useQuery({
    queryKey: ['template-preview', request],
    queryFn: () => {
      const who = request.customerId ? { customerId: request.customerId } : {};
      return request.templateId
        ? endpoints.previewTemplate(request.templateId, { language: request.language, ...who })
        : endpoints.previewTemplateDraft({ variants: request.variants, channel: request.channel, language: request.language, ...who });
    },
    enabled: hasVariant,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const problems = templateProblems(preview.error);
  // Until the debounce catches up with a channel switch, the last answer is of the other kind.
  const current = preview.data && (preview.data.whatsapp !== null) === (channel === 'whatsapp') ? preview.data : undefined;
  const email = current?.email;
  const dir = email?.dir ?? (rtlLanguage(language) ? 'rtl' : 'ltr');

  return (
    <BlockStack gap="300">
      <InlineStack align="space-between" blockAlign="center" gap="200">
        <Text as="h3" variant="headingSm">
          {t('messages.templates.preview.title', { language: t(`messages.templates.languages.${language}`) })}
        </Text>
        {chosenCustomer === undefined && (
          <div className="rapport-template-customer">
            <TextField
              label={t('messages.templates.preview.customer')}
              value={typedCustomer}
              onChange={setCustomerId}
              autoComplete="off"
              placeholder={t('messages.templates.preview.sample')}
            />
          </div>
        )}
      </InlineStack>
      <div aria-live="polite" data-testid="template-preview">
        {!hasVariant ? (
          <Text as="p" tone="subdued">
            {t(channel === 'whatsapp' ? 'messages.templates.preview.whatsappEmpty' : 'messages.templates.preview.empty')}
          </Text>
        ) : preview.isError ? (
          <Banner tone="critical">
            <p>{problems ? problems.map((p) => p.message).join('; ') : preview.error.message}</p>
          </Banner>
        ) : !email ? (
          <SkeletonBodyText lines={6} />
        ) : current?.whatsapp ? (
          <WhatsAppPreview whatsapp={current.whatsapp} dir={dir} shownIn={t(`messages.templates.languages.${current.pick.language}`)} />
        ) : (
          <BlockStack gap="200">
            <Text as="p" tone="subdued">
              {t('messages.templates.preview.shownIn', {
                language: t(`messages.templates.languages.${current?.pick.language ?? language}`),
              })}
            </Text>
            <div className="rapport-email-subject" dir={dir} data-testid="template-preview-subject">
              <Text as="p" variant="headingSm">
                {email.subject}
              </Text>
            </div>
            <iframe
              className="rapport-email-frame"
              title={t('messages.templates.preview.frame')}
              sandbox=""
              srcDoc={email.html}
              data-testid="template-preview-frame"
            />
            <details>
              <summary>{t('messages.templates.preview.text')}</summary>
              <pre className="rapport-email-text" dir={dir} data-testid="template-preview-text">
                {email.text}
              </pre>
            </details>
          </BlockStack>
        )}
      </div>
    </BlockStack>
  );
}
