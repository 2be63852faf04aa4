import { Badge, Banner, BlockStack, Box, Card, InlineGrid, InlineStack, Layout, Link, Page, Text } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints } from '../api.ts';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { statusTone } from '../components/messages/statusTone.ts';
import { formatDate, formatNumber } from '../format.ts';
import { currentLanguage } from '../i18n.ts';

/**
 * One message: its facts, the html as the shopper sees it and the text part, and its status
 * history. The html is the shop's own content, yet shown in a frame with `sandbox=""` (no script,
 * no forms, no same-origin access) from `srcdoc`, so nothing in it can act as the panel.
 */
export function MessagePage({ params }: { params: Record<string, string> }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const id = params.id ?? '';
  const q = useQuery({ queryKey: ['message', id], queryFn: () => endpoints.message(id) });
  const back = { content: t('messages.title'), url: '/messages' };
  if (q.isPending) return <PageSkeleton />;
  if (q.isError) {
    const missing = q.error instanceof ApiError && q.error.status === 404;
    return (
      <Page backAction={back} title={t('messages.detail.title')}>
        <Banner tone="critical" title={missing ? t('messages.detail.notFound') : t('errors.loadFailed')}>
          <p>{q.error.message}</p>
        </Banner>
      </Page>
    );
  }
  const m = q.data;
  const fact = (label: string, value: ReactNode) => (
    <BlockStack gap="050">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" breakWord>
        {value}
      </Text>
    </BlockStack>
  );
  return (
    <Page
      backAction={back}
      title={m.subject ?? t('messages.detail.title')}
      titleMetadata={<Badge tone={statusTone(m.status)}>{t(`messages.status.${m.status}`)}</Badge>}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {m.provider === 'outbox' && (
              <Banner tone="info" title={t('messages.outbox.localTitle')}>
                <p>{t('messages.outbox.localBody')}</p>
              </Banner>
            )}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t('messages.detail.html')}
                </Text>
                <iframe
                  title={t('messages.detail.html')}
                  sandbox=""
                  srcDoc={asDocument(m.html, m.dir, m.language)}
                  className="rapport-message-frame"
                  style={{ inlineSize: '100%', blockSize: '28rem', border: '1px solid var(--p-color-border)', borderRadius: '8px' }}
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t('messages.detail.text')}
                </Text>
                <Box padding="200" background="bg-surface-secondary" borderRadius="200">
                  <pre dir={m.dir} lang={m.language} style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'inherit' }}>
                    {m.text}
                  </pre>
                </Box>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t('messages.detail.facts')}
                </Text>
                {fact(t('messages.outbox.to'), <bdi dir="ltr">{m.to}</bdi>)}
                <InlineGrid columns={2} gap="200">
                  {fact(t('messages.detail.channel'), t(`messages.channel.${m.channel}`))}
                  {fact(t('messages.detail.purpose'), t(`messages.purpose.${m.purpose}`))}
                  {fact(t('messages.detail.language'), t(`messages.languages.${m.language}`, { defaultValue: m.language }))}
                  {fact(t('messages.detail.attempts'), formatNumber(lang, m.attempts))}
                </InlineGrid>
                {fact(t('messages.outbox.queuedAt'), formatDate(lang, m.queuedAt, true))}
                {m.sentAt && fact(t('messages.detail.sentAt'), formatDate(lang, m.sentAt, true))}
                {m.error && fact(t('messages.detail.error'), <bdi>{t(`messages.reasons.${m.error}`, { defaultValue: m.error })}</bdi>)}
                {m.customerId &&
                  fact(
                    t('messages.detail.customer'),
                    <Link url={`/customers/${encodeURIComponent(m.customerId)}`}>{t('messages.detail.openProfile')}</Link>,
                  )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t('messages.detail.history')}
                </Text>
                {m.events.map((e, i) => (
                  <InlineStack key={i} gap="200" align="space-between" blockAlign="center">
                    <Badge tone={statusTone(e.status)}>{t(`messages.status.${e.status}`)}</Badge>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {formatDate(lang, e.occurredAt, true)}
                    </Text>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** A fragment (a test email typed in the panel) shown as the email channel sends it: a document that says its direction. */
function asDocument(html: string, dir: string, lang: string): string {
  if (/<html\b/i.test(html)) return html;
  const attr = (v: string) => v.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html dir="${attr(dir)}" lang="${attr(lang)}"><head><meta charset="utf-8"></head><body>${html}</body></html>`;
}
