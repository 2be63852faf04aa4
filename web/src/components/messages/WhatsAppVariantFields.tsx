import { BlockStack, Button, InlineError, InlineStack, Select, Text, TextField } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import { COD_BUTTONS, META_LANGUAGE, type TemplateLanguage, type WhatsAppDraft } from './templateDraft.ts';
import type { WhatsAppFieldErrors } from './whatsAppErrors.ts';

const MAX_PARAMS = 20;
const MAX_BUTTONS = 10;
const placeholder = (i: number) => `{{${i + 1}}}`;

/**
 * One language of a WhatsApp template: the name approved at Meta, Meta's language code, the body
 * parameters {{1}}, {{2}}… in order (each Liquid, with the merge-field picker) and the payloads of
 * the quick-reply buttons (the COD pair one click away). Names, codes and Liquid are code: left to
 * right whatever the language.
 */
export function WhatsAppVariantFields({
  language,
  value,
  onChange,
  errors,
  fields,
}: {
  language: TemplateLanguage;
  value: WhatsAppDraft;
  onChange: (patch: Partial<WhatsAppDraft>) => void;
  errors: WhatsAppFieldErrors;
  fields: Array<{ path: string; description: string }>;
}) {
  const { t } = useTranslation();
  const setParam = (i: number, text: string) => onChange({ params: value.params.map((p, j) => (j === i ? text : p)) });
  const setButton = (i: number, text: string) => onChange({ buttons: value.buttons.map((b, j) => (j === i ? text : b)) });
  const missingCod = COD_BUTTONS.filter((b) => !value.buttons.includes(b));

  return (
    <BlockStack gap="300">
      {errors.variant && <InlineError message={errors.variant} fieldID={`wa-template-${language}`} />}
      <div dir="ltr">
        <BlockStack gap="300">
          <TextField
            id={`wa-template-${language}`}
            label={t('messages.templates.whatsapp.template')}
            helpText={t('messages.templates.whatsapp.templateHelp')}
            value={value.template}
            onChange={(template) => onChange({ template })}
            autoComplete="off"
            monospaced
            maxLength={512}
            error={errors.template}
          />
          <TextField
            label={t('messages.templates.whatsapp.metaLanguage')}
            helpText={t('messages.templates.whatsapp.metaLanguageHelp', {
              code: META_LANGUAGE[language],
              language: t(`messages.templates.languages.${language}`),
            })}
            value={value.metaLanguage}
            onChange={(metaLanguage) => onChange({ metaLanguage })}
            autoComplete="off"
            monospaced
            maxLength={10}
            error={errors.metaLanguage}
          />
        </BlockStack>
      </div>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {t('messages.templates.whatsapp.params')}
        </Text>
        <Text as="p" tone="subdued">
          {t('messages.templates.whatsapp.paramsHelp', { first: '{{1}}', second: '{{2}}' })}
        </Text>
        {errors.paramsList && <InlineError message={errors.paramsList} fieldID={`wa-param-${language}-0`} />}
        {value.params.map((param, i) => (
          <div dir="ltr" key={i}>
            <TextField
              id={`wa-param-${language}-${i}`}
              label={t('messages.templates.whatsapp.param', { placeholder: placeholder(i) })}
              value={param}
              onChange={(text) => setParam(i, text)}
              autoComplete="off"
              monospaced
              maxLength={1024}
              error={errors.params[i]}
              connectedRight={
                <InlineStack gap="100" wrap={false}>
                  <Select
                    label={t('messages.templates.whatsapp.insertField', { placeholder: placeholder(i) })}
                    labelHidden
                    options={[
                      { label: t('messages.templates.whatsapp.insertFieldOption'), value: '' },
                      ...fields.map((f) => ({ label: f.path, value: f.path })),
                    ]}
                    value=""
                    onChange={(path) => path && setParam(i, `${param}${param && !param.endsWith(' ') ? ' ' : ''}{{ ${path} }}`)}
                  />
                  <Button
                    accessibilityLabel={t('messages.templates.whatsapp.removeParam', { placeholder: placeholder(i) })}
                    onClick={() => onChange({ params: value.params.filter((_p, j) => j !== i) })}
                  >
                    {t('messages.templates.whatsapp.remove')}
                  </Button>
                </InlineStack>
              }
            />
          </div>
        ))}
        <InlineStack>
          <Button disabled={value.params.length >= MAX_PARAMS} onClick={() => onChange({ params: [...value.params, ''] })}>
            {t('messages.templates.whatsapp.addParam')}
          </Button>
        </InlineStack>
      </BlockStack>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {t('messages.templates.whatsapp.buttons')}
        </Text>
        <Text as="p" tone="subdued">
          {t('messages.templates.whatsapp.buttonsHelp')}
        </Text>
        {errors.buttonsList && <InlineError message={errors.buttonsList} fieldID={`wa-button-${language}-0`} />}
        {value.buttons.map((payload, i) => (
          <div dir="ltr" key={i}>
            <TextField
              id={`wa-button-${language}-${i}`}
              label={t('messages.templates.whatsapp.button', { n: i + 1 })}
              value={payload}
              onChange={(text) => setButton(i, text)}
              autoComplete="off"
              monospaced
              maxLength={256}
              error={errors.buttons[i]}
              connectedRight={
                <Button
                  accessibilityLabel={t('messages.templates.whatsapp.removeButton', { n: i + 1 })}
                  onClick={() => onChange({ buttons: value.buttons.filter((_b, j) => j !== i) })}
                >
                  {t('messages.templates.whatsapp.remove')}
                </Button>
              }
            />
          </div>
        ))}
        <InlineStack gap="200">
          <Button disabled={value.buttons.length >= MAX_BUTTONS} onClick={() => onChange({ buttons: [...value.buttons, ''] })}>
            {t('messages.templates.whatsapp.addButton')}
          </Button>
          <Button
            disabled={missingCod.length === 0 || value.buttons.length + missingCod.length > MAX_BUTTONS}
            onClick={() => onChange({ buttons: [...value.buttons.filter((b) => b.trim() !== ''), ...missingCod] })}
          >
            {t('messages.templates.whatsapp.codButtons')}
          </Button>
        </InlineStack>
      </BlockStack>
    </BlockStack>
  );
}
