import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Link, Select, SkeletonBodyText, Text } from '@shopify/polaris';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { statusTone } from './statusTone.ts';
import { TestMessageModal } from './TestMessageModal.tsx';

const STATUSES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'suppressed'] as const;
const PAGE = 25;

/** Every message to shoppers, newest first (GET /api/messages, keyset pages), with a test email. */
export function OutboxCard() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [status, setStatus] = useState('');
  // The cursors of the pages before this one: Previous pops, Next pushes.
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.at(-1) ?? null;
  const [testing, setTesting] = useState(false);
  const [queuedTo, setQueuedTo] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['messages', status, after],
    queryFn: () => endpoints.messages({ status: status || undefined, after, first: PAGE }),
  });
  const rows = q.data?.messages ?? [];

  return (
    <Card padding="0">
      <BlockStack gap="0">
        <div className="rapport-card-heading">
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center" gap="200">
              <Text as="h2" variant="headingMd">
                {t('messages.outbox.title')}
              </Text>
              <Button variant="primary" onClick={() => setTesting(true)}>
                {t('messages.test.open')}
              </Button>
            </InlineStack>
            {q.data?.emailProvider === 'outbox' && (
              <Banner tone="info" title={t('messages.outbox.localTitle')}>
                <p>{t('messages.outbox.localBody')}</p>
              </Banner>
            )}
            {queuedTo && <Banner tone="success" onDismiss={() => setQueuedTo(null)} title={t('messages.test.queued', { to: queuedTo })} />}
            <InlineStack gap="200">
              <Select
                label={t('messages.outbox.status')}
                labelInline
                options={[
                  { label: t('messages.outbox.allStatuses'), value: '' },
                  ...STATUSES.map((s) => ({ label: t(`messages.status.${s}`), value: s })),
                ]}
                value={status}
                onChange={(v) => {
                  setStatus(v);
                  setCursors([]);
                }}
              />
            </InlineStack>
          </BlockStack>
        </div>
        {q.isError && (
          <Banner tone="critical" title={t('errors.loadFailed')}>
            <p>{q.error.message}</p>
          </Banner>
        )}
        {q.isPending ? (
          <div className="rapport-card-heading">
            <SkeletonBodyText lines={4} />
          </div>
        ) : (
          <IndexTable
            resourceName={{ singular: t('messages.outbox.message'), plural: t('messages.outbox.messages') }}
            itemCount={rows.length}
            selectable={false}
            headings={[
              { title: t('messages.outbox.to') },
              { title: t('messages.outbox.subject') },
              { title: t('messages.outbox.status') },
              { title: t('messages.outbox.kind') },
              { title: t('messages.outbox.queuedAt') },
            ]}
            emptyState={
              <div className="rapport-card-heading">
                <Text as="p" tone="subdued">
                  {t('messages.outbox.empty')}
                </Text>
              </div>
            }
          >
            {rows.map((m, index) => (
              <IndexTable.Row id={m.id} key={m.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    <bdi dir="ltr">{m.to}</bdi>
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {/* The row's link (dataPrimaryLink): a click anywhere on the row follows it, and it is reachable by keyboard. */}
                  <Link url={`/messages/${encodeURIComponent(m.id)}`} dataPrimaryLink monochrome removeUnderline>
                    <bdi>{m.subject ?? t('messages.outbox.noSubject')}</bdi>
                  </Link>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <InlineStack gap="100">
                    <Badge tone={statusTone(m.status)}>{t(`messages.status.${m.status}`)}</Badge>
                    {m.provider === 'outbox' && <Badge>{t('messages.outbox.notSent')}</Badge>}
                  </InlineStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  {t(`messages.channel.${m.channel}`)} · {t(`messages.purpose.${m.purpose}`)}
                </IndexTable.Cell>
                <IndexTable.Cell>{formatDate(lang, m.queuedAt, true)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
        <div className="rapport-card-heading">
          <InlineStack align="end" gap="200">
            <Button disabled={!cursors.length} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('messages.outbox.previous')}
            </Button>
            <Button disabled={!q.data?.endCursor} onClick={() => q.data?.endCursor && setCursors((c) => [...c, q.data.endCursor!])}>
              {t('messages.outbox.next')}
            </Button>
          </InlineStack>
        </div>
      </BlockStack>
      {testing && (
        <TestMessageModal
          onClose={() => setTesting(false)}
          onQueued={(to) => {
            setTesting(false);
            setQueuedTo(to);
            setCursors([]);
          }}
        />
      )}
    </Card>
  );
}
