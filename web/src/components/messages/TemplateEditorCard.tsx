import { Banner, BlockStack, Button, Card, InlineGrid, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints, type MessageTemplate } from '../../api.ts';
import { formError } from '../../hooks/useFieldErrors.ts';
import { TabBar } from '../TabBar.tsx';
import {
  draftOf,
  inputOf,
  rtlLanguage,
  TEMPLATE_LANGUAGES,
  variantsOf,
  written,
  type TemplateDraft,
  type VariantDraft,
} from './templateDraft.ts';
import { templateProblems, TemplatePreviewPane } from './TemplatePreviewPane.tsx';

/** Create or change a message template: name, purpose, one tab per language (subject, MJML body, optional text), live preview. */
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

  const edit = (patch: Partial<TemplateDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    save.reset();
  };
  const editVariant = (patch: Partial<VariantDraft>) =>
    edit({ variants: { ...draft.variants, [language]: { ...draft.variants[language], ...patch } } });
  const languageName = (l: string) => t(`messages.templates.languages.${l}`);
  const partName = (p: string) => t(`messages.templates.parts.${p}`);

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
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
          <TextField
            label={t('messages.templates.editor.name')}
            value={draft.name}
            onChange={(name) => edit({ name })}
            autoComplete="off"
            maxLength={100}
            error={nameTaken ? t('messages.templates.editor.nameTaken') : undefined}
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
            label: written(draft.variants[l]) ? languageName(l) : t('messages.templates.editor.missing', { language: languageName(l) }),
          }))}
        />
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <div id="template-variant" role="tabpanel" aria-labelledby={`template-tab-${language}`}>
            <BlockStack gap="300">
              {!written(variant) && language !== 'en' && written(draft.variants.en) && (
                <InlineStack>
                  <Button onClick={() => editVariant({ ...draft.variants.en })}>{t('messages.templates.editor.copyEnglish')}</Button>
                </InlineStack>
              )}
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
          <TemplatePreviewPane language={language} variants={variantsOf(draft, language)} />
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
