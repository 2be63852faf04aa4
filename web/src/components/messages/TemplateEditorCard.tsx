import { Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints, type MessageTemplate } from '../../api.ts';
import { formatList } from '../../format.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';
import { TabBar } from '../TabBar.tsx';
import {
  draftOf,
  inputOf,
  rtlLanguage,
  META_LANGUAGE,
  TEMPLATE_LANGUAGES,
  variantsOf,
  written,
  type TemplateChannel,
  type TemplateDraft,
  type VariantDraft,
  type WhatsAppDraft,
} from './templateDraft.ts';
import { templateProblems, TemplatePreviewPane } from './TemplatePreviewPane.tsx';
import { languagesWithFieldErrors, whatsAppFieldErrors } from './whatsAppErrors.ts';
import { WhatsAppVariantFields } from './WhatsAppVariantFields.tsx';

/**
 * Create or change a message template: name, channel, purpose, one tab per language (email: subject,
 * MJML body, optional text; WhatsApp: the template approved at Meta, its parameters and quick
 * replies), live preview.
 */
export function TemplateEditorCard({
  template,
  onClose,
  onSaved,
}: {
  template: MessageTemplate | null;
  onClose: () => void;
  onSaved: (t: MessageTemplate) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<TemplateDraft>(() => draftOf(template));
  const [tab, setTab] = useState(0);
  const language = TEMPLATE_LANGUAGES[tab] ?? 'en';
  const variant = draft.variants[language];
  const rtl = rtlLanguage(language);
  const fields = useQuery({ queryKey: ['merge-fields'], queryFn: endpoints.mergeFields, staleTime: Infinity });
  const save = useMutation({ mutationFn: () => endpoints.saveMessageTemplate(template?.id ?? null, inputOf(draft)), onSuccess: onSaved });
  const problems = templateProblems(save.error);
  const nameTaken = save.error instanceof ApiError && save.error.status === 409;
  const other = save.isError && !problems && !nameTaken ? formError(save.error) : null;
  const whatsapp = draft.channel === 'whatsapp';
  const waErrors = whatsAppFieldErrors(save.error, language);
  const markedLanguages = languagesWithFieldErrors(save.error);
  const nameError = fieldErrors(save.error).name;

  const edit = (patch: Partial<TemplateDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    save.reset();
  };
  const editVariant = (patch: Partial<VariantDraft>) =>
    edit({ variants: { ...draft.variants, [language]: { ...draft.variants[language], ...patch } } });
  const editWhatsApp = (patch: Partial<WhatsAppDraft>) => editVariant({ whatsapp: { ...variant.whatsapp, ...patch } });
  const languageName = (l: string) => t(`messages.templates.languages.${l}`);
  const partName = (p: string) => {
    const param = /^params\.(\d+)$/.exec(p);
    return param ? t('messages.templates.parts.param', { placeholder: `{{${param[1]}}}` }) : t(`messages.templates.parts.${p}`);
  };
  const copyEnglish = () =>
    whatsapp
      ? editWhatsApp({ ...draft.variants.en.whatsapp, metaLanguage: META_LANGUAGE[language] })
      : editVariant({ ...draft.variants.en, whatsapp: variant.whatsapp });

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {template ? t('messages.templates.editor.editTitle', { name: template.name }) : t('messages.templates.editor.newTitle')}
        </Text>
        {other && (
          <Banner tone="critical">
            <p>{other}</p>
          </Banner>
        )}
        {markedLanguages.length > 0 && (
          <Banner tone="critical" title={t('messages.templates.editor.problems')}>
            <p data-testid="template-field-errors">
              {t('messages.templates.editor.fieldErrors', { languages: formatList(currentLanguage(), markedLanguages.map(languageName)) })}
            </p>
          </Banner>
        )}
        {problems && (
          <Banner tone="critical" title={t('messages.templates.editor.problems')}>
            <ul className="rapport-plain-list" data-testid="template-problems">
              {problems.map((p, i) => (
                <li key={i}>
                  {t('messages.templates.editor.problem', {
                    language: languageName(p.language),
                    part: partName(p.part),
                    line: p.line ?? '–',
                  })}{' '}
                  <code dir="ltr">{p.message}</code>
                </li>
              ))}
            </ul>
          </Banner>
        )}
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
          <TextField
            label={t('messages.templates.editor.name')}
            value={draft.name}
            onChange={(name) => edit({ name })}
            autoComplete="off"
            maxLength={100}
            error={nameTaken ? t('messages.templates.editor.nameTaken') : nameError}
          />
          <Select
            label={t('messages.templates.editor.channel')}
            options={[
              { label: t('messages.channel.email'), value: 'email' },
              { label: t('messages.channel.whatsapp'), value: 'whatsapp' },
            ]}
            value={draft.channel}
            onChange={(channel) => edit({ channel: channel as TemplateChannel })}
            helpText={t(whatsapp ? 'messages.templates.editor.channelHelpWhatsApp' : 'messages.templates.editor.channelHelpEmail')}
          />
          <Select
            label={t('messages.templates.editor.purpose')}
            options={[
              { label: t('messages.templates.purpose.marketing'), value: 'marketing' },
              { label: t('messages.templates.purpose.transactional'), value: 'transactional' },
            ]}
            value={draft.purpose}
            onChange={(purpose) => edit({ purpose: purpose as TemplateDraft['purpose'] })}
            helpText={t('messages.templates.editor.purposeHelp')}
          />
        </InlineGrid>
        <TabBar
          label={t('messages.templates.editor.languages')}
          selected={tab}
          onSelect={setTab}
          tabs={TEMPLATE_LANGUAGES.map((l) => ({
            id: `template-tab-${l}`,
            panelId: 'template-variant',
            label: written(draft.variants[l], draft.channel)
              ? languageName(l)
              : t('messages.templates.editor.missing', { language: languageName(l) }),
          }))}
        />
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <div id="template-variant" role="tabpanel" aria-labelledby={`template-tab-${language}`}>
            <BlockStack gap="300">
              {!written(variant, draft.channel) && language !== 'en' && written(draft.variants.en, draft.channel) && (
                <InlineStack>
                  <Button onClick={copyEnglish}>{t('messages.templates.editor.copyEnglish')}</Button>
                </InlineStack>
              )}
              {whatsapp ? (
                <WhatsAppVariantFields
                  key={language}
                  language={language}
                  value={variant.whatsapp}
                  onChange={editWhatsApp}
                  errors={waErrors}
                  fields={fields.data?.fields ?? []}
                />
              ) : (
                <>
                  <div dir={rtl ? 'rtl' : 'ltr'}>
                    <TextField
                      label={t('messages.templates.editor.subject')}
                      value={variant.subject}
                      onChange={(subject) => editVariant({ subject })}
                      autoComplete="off"
                      maxLength={500}
                    />
                  </div>
                  {/* MJML and Liquid are code: left to right whatever the language of the words in them. */}
                  <div dir="ltr">
                    <TextField
                      label={t('messages.templates.editor.body')}
                      helpText={t('messages.templates.editor.bodyHelp')}
                      value={variant.body}
                      onChange={(body) => editVariant({ body })}
                      autoComplete="off"
                      multiline={14}
                      monospaced
                    />
                  </div>
                  <div dir={rtl ? 'rtl' : 'ltr'}>
                    <TextField
                      label={t('messages.templates.editor.text')}
                      helpText={t('messages.templates.editor.textHelp')}
                      value={variant.text}
                      onChange={(text) => editVariant({ text })}
                      autoComplete="off"
                      multiline={3}
                    />
                  </div>
                </>
              )}
              {fields.data && (
                <details>
                  <summary>{t('messages.templates.editor.fields')}</summary>
                  <ul className="rapport-plain-list" dir="ltr">
                    {fields.data.fields.map((f) => (
                      <li key={f.path}>
                        <code>{`{{ ${f.path} }}`}</code>{' '}
                        <Text as="span" tone="subdued">
                          {f.description}
                        </Text>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </BlockStack>
          </div>
          <TemplatePreviewPane language={language} variants={variantsOf(draft, language)} channel={draft.channel} />
        </InlineGrid>
        <InlineStack gap="200" align="end">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            onClick={() => save.mutate()}
            loading={save.isPending}
            disabled={!draft.name.trim() || Object.keys(variantsOf(draft)).length === 0}
          >
            {t('common.save')}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
