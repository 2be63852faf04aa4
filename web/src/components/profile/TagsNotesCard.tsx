import { BlockStack, Button, Card, Form, InlineStack, Tag, Text, TextField } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type CustomerProfile } from '../../api.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { formatDate, isolate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';

/** Tags (staff add and remove their own; a store's tags come back on sync) and staff notes. */
export function TagsNotesCard({ customer }: { customer: CustomerProfile }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const id = customer.id;
  const [tag, setTag] = useState('');
  const [note, setNote] = useState('');
  const notes = useQuery({ queryKey: ['notes', id], queryFn: () => endpoints.notes(id) });
  const tags = useMutation({
    mutationFn: (next: string[]) => endpoints.setTags(id, next),
    onSuccess: (r) => {
      qc.setQueryData<CustomerProfile>(['customer', id], (p) => p && { ...p, tags: r.tags });
      setTag('');
    },
  });
  const addNote = useMutation({
    mutationFn: (body: string) => endpoints.addNote(id, body),
    onSuccess: () => {
      setNote('');
      void qc.invalidateQueries({ queryKey: ['notes', id] });
      void qc.invalidateQueries({ queryKey: ['timeline', id] });
    },
  });
  const tagError = fieldErrors(tags.error)['tags.0'] ?? Object.values(fieldErrors(tags.error))[0] ?? formError(tags.error) ?? undefined;

  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t('tagsNotes.tags')}
          </Text>
          <InlineStack gap="100">
            {customer.tags.length === 0 && (
              <Text as="span" tone="subdued">
                {t('tagsNotes.noTags')}
              </Text>
            )}
            {customer.tags.map((x) => (
              <Tag
                key={x}
                onRemove={() => tags.mutate(customer.tags.filter((y) => y !== x))}
                accessibilityLabel={t('tagsNotes.removeTag', { tag: x })}
              >
                {x}
              </Tag>
            ))}
          </InlineStack>
          <Form onSubmit={() => tag.trim() && tags.mutate([...customer.tags, tag.trim()])}>
            <InlineStack gap="200" blockAlign="end" wrap={false}>
              <div className="rapport-grow">
                <TextField label={t('tagsNotes.addTag')} value={tag} onChange={setTag} autoComplete="off" error={tagError} />
              </div>
              <Button submit loading={tags.isPending}>
                {t('tagsNotes.add')}
              </Button>
            </InlineStack>
          </Form>
        </BlockStack>
        <BlockStack gap="200">
          <Text as="h2" variant="headingMd">
            {t('tagsNotes.notes')}
          </Text>
          <Form onSubmit={() => note.trim() && addNote.mutate(note.trim())}>
            <BlockStack gap="200">
              <TextField
                label={t('tagsNotes.newNote')}
                value={note}
                onChange={setNote}
                multiline={3}
                autoComplete="off"
                error={fieldErrors(addNote.error).body ?? formError(addNote.error) ?? undefined}
              />
              <InlineStack>
                <Button submit loading={addNote.isPending}>
                  {t('tagsNotes.saveNote')}
                </Button>
              </InlineStack>
            </BlockStack>
          </Form>
          {(notes.data?.notes ?? []).length === 0 && !notes.isPending && (
            <Text as="p" tone="subdued">
              {t('tagsNotes.noNotes')}
            </Text>
          )}
          <ul className="rapport-plain-list">
            {(notes.data?.notes ?? []).map((n) => (
              <li key={n.id}>
                <Text as="p" breakWord>
                  {n.body}
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {formatDate(lang, n.createdAt, true)}
                  {n.authorName && ` · ${t('common.by', { name: isolate(n.authorName) })}`}
                </Text>
              </li>
            ))}
          </ul>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
