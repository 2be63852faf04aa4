import { Banner, BlockStack, Button, Card, InlineStack, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, endpoints, type QueryErrorDetails, type Segment } from '../../api.ts';
import { formatMoney, formatNumber } from '../../format.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';
import { customerName } from '../customerName.ts';
import { QueryEditor, type QueryProblem } from './QueryEditor.tsx';
import { segmentName } from './segmentText.ts';

/** A positioned query error from a 400 of the segments API, or null for any other failure. */
export function queryProblem(error: unknown): QueryProblem | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  const details = error.details as Partial<QueryErrorDetails> | null | undefined;
  return typeof details?.position === 'number' ? { ...(details as QueryErrorDetails), message: error.message } : null;
}

/** Create or change a segment: its name, the query with autocomplete, and the live count with a sample as it is typed. */
export function SegmentEditorCard({
  segment,
  onClose,
  onSaved,
}: {
  segment: Segment | null;
  onClose: () => void;
  onSaved: (s: Segment) => void;
}) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const [name, setName] = useState(segment ? segmentName(t, segment) : '');
  const [query, setQuery] = useState(segment?.query ?? '');
  const [syncTag, setSyncTag] = useState(segment?.syncTag ?? '');
  // A built-in keeps the catalogue's name and query: only its mirror at the stores is the merchant's.
  const builtIn = segment?.builtIn != null;
  const fields = useQuery({ queryKey: ['segment-fields'], queryFn: endpoints.segmentFields, staleTime: Infinity });
  // One count per pause in typing, not per key.
  const typed = useDebounced(query.trim(), 400);
  const preview = useQuery({
    queryKey: ['segment-preview', typed],
    queryFn: () => endpoints.previewSegment(typed),
    enabled: typed !== '',
    placeholderData: keepPreviousData,
  });
  const save = useMutation({
    mutationFn: () => {
      const tag = syncTag.trim() === '' ? null : syncTag.trim();
      return endpoints.saveSegment(segment?.id ?? null, builtIn ? { syncTag: tag } : { name, query, syncTag: tag });
    },
    onSuccess: onSaved,
  });
  // The save's own error while it stands; else the preview's, when it is about the text shown now.
  const saveProblem = queryProblem(save.error);
  const previewProblem = preview.isError && typed === query.trim() ? queryProblem(preview.error) : null;
  const problem = saveProblem ?? previewProblem;
  // A taken name or tag is its field's problem; the API's English message is replaced by ours.
  const fieldsOf = save.error instanceof ApiError ? save.error.fields : {};
  const tagConflict = save.error instanceof ApiError && save.error.status === 409 && 'syncTag' in fieldsOf;
  const nameError =
    save.error instanceof ApiError && save.error.status === 409 && !tagConflict
      ? t('segments.editor.nameTaken')
      : save.error instanceof ApiError && save.error.status === 400 && !saveProblem
        ? (fieldsOf.name ?? null)
        : null;
  const tagError = tagConflict
    ? t('segments.editor.syncTagTaken')
    : save.error instanceof ApiError && save.error.status === 400 && fieldsOf.syncTag
      ? t('segments.editor.syncTagInvalid')
      : null;
  const other = save.isError && !saveProblem && !nameError && !tagError ? formError(save.error) : null;
  const counted = preview.data && !preview.isError && typed !== '';

  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">
          {segment ? t('segments.editor.editTitle', { name: segmentName(t, segment) }) : t('segments.editor.newTitle')}
        </Text>
        {other && (
          <Banner tone="critical">
            <p>{other}</p>
          </Banner>
        )}
        <TextField
          label={t('segments.editor.name')}
          value={name}
          onChange={(v) => {
            setName(v);
            save.reset();
          }}
          autoComplete="off"
          maxLength={100}
          error={nameError ?? undefined}
          disabled={builtIn}
          helpText={builtIn ? t('segments.editor.builtInHelp') : undefined}
        />
        {builtIn ? (
          <BlockStack gap="100">
            <Text as="p" variant="bodyMd" fontWeight="medium">
              {t('segments.editor.query')}
            </Text>
            <code dir="ltr" className="rapport-query-inline">
              {query}
            </code>
          </BlockStack>
        ) : (
          <QueryEditor
            value={query}
            onChange={(v) => {
              setQuery(v);
              save.reset();
            }}
            fields={fields.data?.fields ?? []}
            problem={problem}
          />
        )}
        <TextField
          label={t('segments.editor.syncTag')}
          value={syncTag}
          onChange={(v) => {
            setSyncTag(v);
            save.reset();
          }}
          autoComplete="off"
          maxLength={40}
          placeholder="rapport-vip"
          helpText={t('segments.editor.syncTagHelp')}
          error={tagError ?? undefined}
        />
        <div aria-live="polite" data-testid="segment-live-count">
          {typed === '' ? (
            <Text as="p" tone="subdued">
              {t('segments.editor.startTyping')}
            </Text>
          ) : preview.isPending ? (
            <SkeletonBodyText lines={2} />
          ) : counted ? (
            <BlockStack gap="200">
              <Text as="p" variant="headingSm">
                {t('segments.editor.count', { n: formatNumber(lang, preview.data.count) })}
              </Text>
              {preview.data.sample.length > 0 && (
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">
                    {t('segments.editor.sample')}
                  </Text>
                  <ul className="rapport-plain-list rapport-sample-list" data-testid="segment-sample">
                    {preview.data.sample.map((m) => (
                      <li key={m.id}>
                        <Text as="span">{customerName({ ...m, phone: null }) ?? t('customers.unnamed')}</Text>{' '}
                        <Text as="span" tone="subdued">
                          {t('segments.editor.sampleLine', {
                            orders: formatNumber(lang, m.numberOfOrders),
                            spent: formatMoney(lang, { amount: m.amountSpent, currencyCode: m.currency }),
                          })}
                        </Text>
                      </li>
                    ))}
                  </ul>
                </BlockStack>
              )}
            </BlockStack>
          ) : null}
        </div>
        <InlineStack gap="200" align="end">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" onClick={() => save.mutate()} loading={save.isPending} disabled={!name.trim() || !query.trim()}>
            {t('common.save')}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
