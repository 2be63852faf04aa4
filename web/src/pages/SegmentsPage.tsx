import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  IndexTable,
  InlineStack,
  Modal,
  Page,
  SkeletonBodyText,
  Text,
} from '@shopify/polaris';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Segment } from '../api.ts';
import { downloadJson } from '../components/profile/PrivacyActions.tsx';
import { SegmentEditorCard } from '../components/segments/SegmentEditorCard.tsx';
import { SegmentMembersTable } from '../components/segments/SegmentMembersTable.tsx';
import { SegmentSyncStatus } from '../components/segments/SegmentSyncStatus.tsx';
import { segmentDescription, segmentName } from '../components/segments/segmentText.ts';
import { formatNumber } from '../format.ts';
import { currentLanguage } from '../i18n.ts';

type View = { kind: 'list' } | { kind: 'edit'; segment: Segment | null } | { kind: 'members'; segment: Segment };

/** Saved segments: each with its live count; create, edit and delete; a segment's members with paging and CSV. */
export function SegmentsPage() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const [view, setView] = useState<View>({ kind: 'list' });
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['segments'], queryFn: endpoints.segments });
  const segments = list.data?.segments ?? [];
  // Live counts: the preview of each saved query (shared with the editor's cache of the same text).
  const counts = useQueries({
    queries: segments.map((s) => ({ queryKey: ['segment-preview', s.query], queryFn: () => endpoints.previewSegment(s.query) })),
  });
  const remove = useMutation({
    mutationFn: (s: Segment) => endpoints.deleteSegment(s.id),
    onSuccess: (_r, s) => {
      setDeleting(null);
      setNotice(t('segments.deleted', { name: s.name }));
      if (view.kind !== 'list' && view.segment?.id === s.id) setView({ kind: 'list' });
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: ['segments'] }),
  });
  const [exporting, setExporting] = useState(false);
  const exportCsv = async (s: Segment) => {
    setExporting(true);
    try {
      // The bearer token cannot ride on a plain link: fetch, then save the blob (as the customers export does).
      await downloadJson(endpoints.segmentMembersCsvUrl(s.id), `segment-${s.id}.csv`);
    } catch (err) {
      setNotice(t('customers.exportFailed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Page
      title={t('segments.title')}
      primaryAction={{
        content: t('segments.create'),
        onAction: () => setView({ kind: 'edit', segment: null }),
        disabled: view.kind === 'edit',
      }}
    >
      <BlockStack gap="400">
        {notice && (
          <Banner tone="info" onDismiss={() => setNotice(null)}>
            <p>{notice}</p>
          </Banner>
        )}
        {view.kind === 'edit' && (
          <SegmentEditorCard
            key={view.segment?.id ?? 'new'}
            segment={view.segment}
            onClose={() => setView({ kind: 'list' })}
            onSaved={(s) => {
              void qc.invalidateQueries({ queryKey: ['segments'] });
              void qc.invalidateQueries({ queryKey: ['segment-members', s.id] });
              setNotice(t('segments.saved', { name: s.name }));
              setView({ kind: 'members', segment: s });
            }}
          />
        )}
        {view.kind === 'members' && (
          <Card padding="0">
            <div className="rapport-card-heading">
              <InlineStack align="space-between" blockAlign="center" gap="200">
                <BlockStack gap="100">
                  <Text as="h2" variant="headingMd">
                    {t('segments.members.title', { name: segmentName(t, view.segment) })}
                  </Text>
                  <code dir="ltr" className="rapport-query-inline">
                    {view.segment.query}
                  </code>
                </BlockStack>
                <InlineStack gap="200">
                  <Button onClick={() => void exportCsv(view.segment)} loading={exporting}>
                    {t('segments.members.export')}
                  </Button>
                  <Button onClick={() => setView({ kind: 'list' })}>{t('segments.members.close')}</Button>
                </InlineStack>
              </InlineStack>
            </div>
            <Box paddingInline="400" paddingBlockEnd="200">
              <SegmentSyncStatus segment={view.segment} />
            </Box>
            <SegmentMembersTable key={view.segment.id} segmentId={view.segment.id} />
          </Card>
        )}
        {list.isError && (
          <Banner
            tone="critical"
            title={t('errors.loadFailed')}
            action={{ content: t('errors.retry'), onAction: () => void list.refetch() }}
          >
            <p>{list.error.message}</p>
          </Banner>
        )}
        <Card padding="0">
          {list.isPending ? (
            <div className="rapport-card-heading">
              <SkeletonBodyText lines={4} />
            </div>
          ) : (
            <IndexTable
              resourceName={{ singular: t('segments.singular'), plural: t('segments.plural') }}
              itemCount={segments.length}
              selectable={false}
              headings={[
                { title: t('segments.name') },
                { title: t('segments.query') },
                { title: t('segments.count'), alignment: 'end' },
                { title: t('segments.actions') },
              ]}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    {t('segments.empty')}
                  </Text>
                </Box>
              }
            >
              {segments.map((s, index) => {
                const count = counts[index];
                const name = segmentName(t, s);
                const description = segmentDescription(t, s);
                return (
                  <IndexTable.Row id={s.id} key={s.id} position={index}>
                    <IndexTable.Cell>
                      <BlockStack gap="100">
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="span" fontWeight="semibold">
                            {name}
                          </Text>
                          {s.builtIn && <Badge tone="info">{t('segments.builtIn')}</Badge>}
                          {s.syncTag && <Badge>{t('segments.tagBadge', { tag: s.syncTag })}</Badge>}
                        </InlineStack>
                        {description && (
                          <Text as="span" tone="subdued" variant="bodySm">
                            {description}
                          </Text>
                        )}
                      </BlockStack>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <code dir="ltr" className="rapport-query-inline">
                        {s.query}
                      </code>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <Text as="span" alignment="end" numeric>
                        {count?.data ? formatNumber(lang, count.data.count) : count?.isError ? '—' : '…'}
                      </Text>
                    </IndexTable.Cell>
                    <IndexTable.Cell>
                      <InlineStack gap="200" wrap={false}>
                        <Button
                          size="slim"
                          onClick={() => setView({ kind: 'members', segment: s })}
                          accessibilityLabel={t('segments.membersNamed', { name })}
                        >
                          {t('segments.membersButton')}
                        </Button>
                        {/* A built-in is edited for its store tag only (the editor says so). */}
                        <Button
                          size="slim"
                          onClick={() => setView({ kind: 'edit', segment: s })}
                          accessibilityLabel={t('common.editNamed', { name })}
                        >
                          {t('common.edit')}
                        </Button>
                        {!s.builtIn && (
                          <>
                            <Button
                              size="slim"
                              tone="critical"
                              onClick={() => setDeleting(s)}
                              accessibilityLabel={t('segments.deleteNamed', { name: s.name })}
                            >
                              {t('segments.delete')}
                            </Button>
                          </>
                        )}
                      </InlineStack>
                    </IndexTable.Cell>
                  </IndexTable.Row>
                );
              })}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
      {deleting && (
        <Modal
          open
          onClose={() => setDeleting(null)}
          title={t('segments.confirmDeleteTitle', { name: deleting.name })}
          primaryAction={{
            content: t('segments.delete'),
            destructive: true,
            onAction: () => remove.mutate(deleting),
            loading: remove.isPending,
          }}
          secondaryActions={[{ content: t('common.cancel'), onAction: () => setDeleting(null) }]}
        >
          <Modal.Section>
            <BlockStack gap="200">
              {remove.isError && (
                <Banner tone="critical">
                  <p>{remove.error.message}</p>
                </Banner>
              )}
              <Text as="p">{t('segments.confirmDelete')}</Text>
            </BlockStack>
          </Modal.Section>
        </Modal>
      )}
    </Page>
  );
}
