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
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type MessageTemplate } from '../api.ts';
import { TemplateEditorCard } from '../components/messages/TemplateEditorCard.tsx';
import { TEMPLATE_LANGUAGES } from '../components/messages/templateDraft.ts';
import { formatList } from '../format.ts';
import { currentLanguage } from '../i18n.ts';

type View = { kind: 'list' } | { kind: 'edit'; template: MessageTemplate | null };

/** Message templates: the list (channel, purpose, languages), create, edit with a live preview per language, delete. */
export function MessageTemplatesPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [view, setView] = useState<View>({ kind: 'list' });
  const [deleting, setDeleting] = useState<MessageTemplate | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['message-templates'], queryFn: endpoints.messageTemplates });
  const templates = list.data?.templates ?? [];
  const remove = useMutation({
    mutationFn: (template: MessageTemplate) => endpoints.deleteMessageTemplate(template.id),
    onSuccess: (_r, template) => {
      setDeleting(null);
      setNotice(t('messages.templates.deleted', { name: template.name }));
      if (view.kind === 'edit' && view.template?.id === template.id) setView({ kind: 'list' });
    },
    onSettled: () => void qc.invalidateQueries({ queryKey: ['message-templates'] }),
  });

  return (
    <Page
      backAction={{ content: t('messages.title'), url: '/messages' }}
      title={t('messages.templates.title')}
      primaryAction={{
        content: t('messages.templates.create'),
        onAction: () => setView({ kind: 'edit', template: null }),
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
          <TemplateEditorCard
            key={view.template?.id ?? 'new'}
            template={view.template}
            onClose={() => setView({ kind: 'list' })}
            onSaved={(template) => {
              void qc.invalidateQueries({ queryKey: ['message-templates'] });
              setNotice(t('messages.templates.saved', { name: template.name }));
              setView({ kind: 'list' });
            }}
          />
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
              resourceName={{ singular: t('messages.templates.singular'), plural: t('messages.templates.plural') }}
              itemCount={templates.length}
              selectable={false}
              headings={[
                { title: t('messages.templates.name') },
                { title: t('messages.templates.channelHeading') },
                { title: t('messages.templates.editor.purpose') },
                { title: t('messages.templates.languagesHeading') },
                { title: t('messages.templates.actions') },
              ]}
              emptyState={
                <Box padding="400">
                  <Text as="p" tone="subdued">
                    {t('messages.templates.empty')}
                  </Text>
                </Box>
              }
            >
              {templates.map((template, index) => (
                <IndexTable.Row id={template.id} key={template.id} position={index}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {template.name}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={template.channel === 'whatsapp' ? 'success' : undefined}>
                      {t(`messages.channel.${template.channel}`, { defaultValue: template.channel })}
                    </Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={template.purpose === 'marketing' ? 'info' : undefined}>
                      {t(`messages.templates.purpose.${template.purpose}`)}
                    </Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {formatList(
                      currentLanguage(),
                      TEMPLATE_LANGUAGES.filter((l) => template.variants[l]).map((l) => t(`messages.templates.languages.${l}`)),
                    )}
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <InlineStack gap="200">
                      <Button
                        onClick={() => setView({ kind: 'edit', template })}
                        accessibilityLabel={t('common.editNamed', { name: template.name })}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        tone="critical"
                        onClick={() => setDeleting(template)}
                        accessibilityLabel={t('messages.templates.deleteNamed', { name: template.name })}
                      >
                        {t('messages.templates.delete')}
                      </Button>
                    </InlineStack>
                  </IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
      {deleting && (
        <Modal
          open
          onClose={() => setDeleting(null)}
          title={t('messages.templates.deleteTitle', { name: deleting.name })}
          primaryAction={{
            content: t('messages.templates.delete'),
            destructive: true,
            loading: remove.isPending,
            onAction: () => remove.mutate(deleting),
          }}
          secondaryActions={[{ content: t('common.cancel'), onAction: () => setDeleting(null) }]}
        >
          <Modal.Section>
            <p>{t('messages.templates.deleteBody')}</p>
          </Modal.Section>
        </Modal>
      )}
    </Page>
  );
}
