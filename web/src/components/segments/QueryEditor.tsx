import { Autocomplete, BlockStack, Button, InlineStack, Text } from '@shopify/polaris';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueryErrorDetails, SegmentField } from '../../api.ts';
import { formatNumber, isolate } from '../../format.ts';
import { currentLanguage } from '../../i18n.ts';
import { applySuggestion, complete, errorSpan } from './completion.ts';
import { fieldDescription } from './segmentText.ts';

const hintOf = (type: SegmentField['type'] | undefined) =>
  type === 'number' || type === 'money' || type === 'date' ? type : type === 'text' || type === 'list' ? 'text' : 'none';

export type QueryProblem = QueryErrorDetails & { message: string };

/**
 * The segment query field: a combobox whose options follow the word at the cursor (field names,
 * then the field's operators, then an enum's values), and under it the API's error at its place.
 * The query is code (English keywords and field names): the input is left to right in any language.
 */
export function QueryEditor({
  value,
  onChange,
  fields,
  problem,
}: {
  value: string;
  onChange: (query: string) => void;
  fields: readonly SegmentField[];
  problem: QueryProblem | null;
}) {
  const { t } = useTranslation();
  const id = `segment-query-${useId().replace(/:/g, '')}`;
  const [cursor, setCursor] = useState(value.length);
  const pendingCursor = useRef<number | null>(null);
  const input = () => document.getElementById(id) as HTMLInputElement | null;

  useEffect(() => {
    const el = input();
    if (!el) return;
    el.dir = 'ltr';
    el.spellcheck = false;
    const track = () => setCursor(el.selectionStart ?? el.value.length);
    for (const name of ['keyup', 'click', 'focus', 'select'] as const) el.addEventListener(name, track);
    // Polaris' combobox keeps pointing aria-activedescendant (and aria-controls) at the last option
    // and list after the list empties: drop references to nothing, which screen readers choke on.
    const stale = () => {
      for (const attr of ['aria-activedescendant', 'aria-controls']) {
        const target = el.getAttribute(attr);
        if (target && !document.getElementById(target)) el.removeAttribute(attr);
      }
    };
    const observer = new MutationObserver(stale);
    observer.observe(el, { attributes: true, attributeFilter: ['aria-activedescendant', 'aria-controls'] });
    observer.observe(document.body, { childList: true, subtree: true });
    stale();
    return () => {
      observer.disconnect();
      for (const name of ['keyup', 'click', 'focus', 'select'] as const) el.removeEventListener(name, track);
    };
  });

  // After an option or a fix replaced text, put the cursor after what went in.
  useLayoutEffect(() => {
    const el = input();
    if (el && pendingCursor.current !== null) {
      // The combobox closes its list on a choice; focusing again reopens it with what may follow.
      el.blur();
      el.focus();
      el.setSelectionRange(pendingCursor.current, pendingCursor.current);
      pendingCursor.current = null;
    }
  });

  // Descriptions in the admin's language; field names, operators and values stay the query's English.
  const described = useMemo(() => fields.map((f) => ({ ...f, description: fieldDescription(t, f) })), [fields, t]);
  const completions = useMemo(() => complete(value, Math.min(cursor, value.length), described), [value, cursor, described]);
  const replace = (text: string, at: number) => {
    pendingCursor.current = at;
    setCursor(at);
    onChange(text);
  };
  const choose = ([index]: string[]) => {
    const option = completions.options[Number(index)];
    if (!option) return;
    const after = value.slice(completions.to);
    const spacer = after.startsWith(' ') ? '' : ' ';
    replace(value.slice(0, completions.from) + option.insert + spacer + after, completions.from + option.insert.length + 1);
  };

  const options = completions.options.map((o, i) => ({
    value: String(i),
    label: (
      <span dir="ltr" className="rapport-query-option">
        <code>{o.insert}</code>
        {o.detail && (
          <Text as="span" tone="subdued" variant="bodySm">
            <bdi dir="auto">{o.detail}</bdi>
          </Text>
        )}
      </span>
    ),
  }));

  return (
    <BlockStack gap="200">
      <Autocomplete
        options={options}
        selected={[]}
        onSelect={choose}
        // Polaris draws the title even over no options: only with options, so an empty list stays shut.
        listTitle={options.length ? t('segments.editor.suggestions') : undefined}
        textField={
          <Autocomplete.TextField
            id={id}
            label={t('segments.editor.query')}
            helpText={t('segments.editor.help')}
            value={value}
            onChange={(text) => {
              onChange(text);
              setCursor(input()?.selectionStart ?? text.length);
            }}
            placeholder="number_of_orders >= 2 AND last_order_date < -90d"
            autoComplete="off"
            monospaced
            error={problem ? t('segments.editor.invalid') : undefined}
          />
        }
      />
      {completions.options.length === 0 && completions.valueField && (
        // Nothing to pick from: say what kind of value comes next.
        <Text as="p" tone="subdued" variant="bodySm">
          {t(`segments.editor.expect.${hintOf(completions.valueField.type)}`)}
        </Text>
      )}
      {problem && <ProblemAt query={value} problem={problem} onFix={replace} />}
    </BlockStack>
  );
}

/** The query with the word the API stopped at marked, its message, and "did you mean …?" as a one-click fix. */
function ProblemAt({ query, problem, onFix }: { query: string; problem: QueryProblem; onFix: (text: string, cursor: number) => void }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { from, to } = errorSpan(query, problem.position);
  const marked = query.slice(from, to);
  const fix = problem.suggestion ? applySuggestion(query, problem.position, problem.suggestion) : null;
  return (
    <div className="rapport-query-problem" role="status">
      <BlockStack gap="200">
        <Text as="p" tone="critical">
          {t('segments.editor.problemAt', { position: formatNumber(lang, problem.position + 1) })}
        </Text>
        <pre dir="ltr" className="rapport-query-source" data-testid="query-problem">
          {query.slice(0, from)}
          <mark className="rapport-query-mark">{marked || ' '}</mark>
          {query.slice(to)}
        </pre>
        {/* The API explains in English and quotes the query: kept as it is, marked as English. */}
        <Text as="p" tone="subdued">
          <span lang="en" dir="ltr">
            {problem.message}
          </span>
        </Text>
        {fix && problem.suggestion && (
          <InlineStack gap="200" blockAlign="center">
            <Text as="p">{t('segments.editor.didYouMean', { suggestion: isolate(problem.suggestion) })}</Text>
            <Button size="slim" onClick={() => onFix(fix.text, fix.cursor)}>
              {t('segments.editor.applyFix', { suggestion: isolate(problem.suggestion) })}
            </Button>
          </InlineStack>
        )}
      </BlockStack>
    </div>
  );
}
