import { BlockStack, InlineStack, Text } from '@shopify/polaris';
import { useTranslation } from 'react-i18next';
import type { TemplatePreview } from '../../api.ts';

/**
 * What a WhatsApp template sends a shopper: Meta holds the approved wording, so the preview is the
 * template's name and code, each body parameter {{N}} as it will be filled, and the quick-reply
 * payloads; the values in the shopper's direction.
 */
export function WhatsAppPreview({
  whatsapp,
  dir,
  shownIn,
}: {
  whatsapp: NonNullable<TemplatePreview['whatsapp']>;
  dir: 'ltr' | 'rtl';
  shownIn: string;
}) {
  const { t } = useTranslation();
  return (
    <BlockStack gap="200">
      <Text as="p" tone="subdued">
        {t('messages.templates.preview.shownIn', { language: shownIn })}
      </Text>
      <div className="rapport-wa-bubble" data-testid="template-preview-whatsapp">
        <BlockStack gap="200">
          <Text as="p" variant="headingSm">
            <bdi dir="ltr" data-testid="template-preview-whatsapp-name">{`${whatsapp.template} · ${whatsapp.metaLanguage}`}</bdi>
          </Text>
          {whatsapp.params.length === 0 ? (
            <Text as="p" tone="subdued">
              {t('messages.templates.preview.noParams')}
            </Text>
          ) : (
            <dl className="rapport-wa-params">
              {whatsapp.params.map((value, i) => (
                <div key={i}>
                  <dt dir="ltr">{`{{${i + 1}}}`}</dt>
                  <dd dir={dir} data-testid={`template-preview-param-${i + 1}`}>
                    {value}
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {whatsapp.buttons.length > 0 && (
            <InlineStack gap="200" align="center">
              {whatsapp.buttons.map((payload, i) => (
                <span key={i} className="rapport-wa-button" dir="ltr" data-testid={`template-preview-button-${i + 1}`}>
                  {payload}
                </span>
              ))}
            </InlineStack>
          )}
        </BlockStack>
      </div>
      <Text as="p" tone="subdued">
        {t('messages.templates.preview.whatsappNote', { first: '{{1}}', second: '{{2}}' })}
      </Text>
    </BlockStack>
  );
}
