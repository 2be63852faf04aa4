import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { endpoints, type Onboarding, type OnboardingStepId } from '../../api.ts';
import { formatDate, formatNumber, isolate } from '../../format.ts';
import { useLaunchProgram } from '../../hooks/useLaunchProgram.ts';
import { currentLanguage } from '../../i18n.ts';
import { isEmbedded } from '../../mode.ts';

// Home's first-hour checklist, from GET /api/onboarding: shown until every step is done, then
// the merchant may hide it. Each step says what to do and offers the one action that does it.

// The preview carries the widget's code and styles: loaded only when the merchant opens it.
const WidgetPreview = lazy(() => import('./WidgetPreview.tsx').then((m) => ({ default: m.WidgetPreview })));

export function OnboardingChecklist() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const state = useQuery({ queryKey: ['onboarding'], queryFn: endpoints.onboarding });
  const keep = (s: Onboarding) => qc.setQueryData(['onboarding'], s);
  const mark = useMutation({ mutationFn: endpoints.markOnboarding, onSuccess: keep });
  const dismiss = useMutation({ mutationFn: endpoints.dismissOnboarding, onSuccess: keep });
  const launcher = useLaunchProgram();
  const s = state.data;
  if (!s || s.dismissed) return null;
  const done = s.steps.filter((x) => x.done).length;
  const error = mark.error ?? dismiss.error;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            {t('onboarding.title')}
          </Text>
          <Text as="p" tone="subdued">
            {t('onboarding.progress', { done: formatNumber(lang, done), total: formatNumber(lang, s.steps.length) })}
          </Text>
        </InlineStack>
        {s.complete && (
          <Banner
            tone="success"
            title={t('onboarding.allDone')}
            action={{ content: t('onboarding.dismiss'), onAction: () => dismiss.mutate(), loading: dismiss.isPending }}
          >
            <p>{t('onboarding.allDoneBody')}</p>
          </Banner>
        )}
        {error && (
          <Banner tone="critical">
            <p>{error.message}</p>
          </Banner>
        )}
        <ol className="rapport-checklist">
          {s.steps.map((step, i) => (
            <li key={step.id} data-step={step.id} data-done={step.done}>
              <BlockStack gap="200">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h3" variant="headingSm">
                    {t('onboarding.stepNumber', { n: formatNumber(lang, i + 1) })} {t(`onboarding.${step.id}.title`)}
                  </Text>
                  <Badge tone={step.done ? 'success' : 'attention'} progress={step.done ? 'complete' : 'incomplete'}>
                    {step.done ? t('onboarding.done') : t('onboarding.toDo')}
                  </Badge>
                </InlineStack>
                <StepBody
                  id={step.id}
                  done={step.done}
                  by={step.by}
                  state={s}
                  onMark={(x) => mark.mutate(x)}
                  marking={mark.isPending}
                  launcher={launcher}
                />
              </BlockStack>
            </li>
          ))}
        </ol>
      </BlockStack>
    </Card>
  );
}

type BodyProps = {
  id: OnboardingStepId;
  done: boolean;
  by: 'data' | 'merchant' | null;
  state: Onboarding;
  onMark: (step: 'widget' | 'preview') => void;
  marking: boolean;
  launcher: ReturnType<typeof useLaunchProgram>;
};

function StepBody({ id, done, by, state, onMark, marking, launcher }: BodyProps): ReactNode {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { launch, program } = launcher;
  const [previewOpen, setPreviewOpen] = useState(false);
  const store = state.store;
  // Links into Shopify admin leave the app's iframe.
  const external = isEmbedded() ? '_top' : '_blank';
  const p = (text: string) => (
    <Text as="p" tone="subdued">
      {text}
    </Text>
  );

  switch (id) {
    case 'owner':
      return p(t('onboarding.owner.body'));
    case 'connect':
      if (store)
        return p(t('onboarding.connect.done', { store: isolate(store.domain), platform: t(`onboarding.platform.${store.platform}`) }));
      return (
        <BlockStack gap="200">
          {p(t('onboarding.connect.shopify'))}
          {p(t('onboarding.connect.woocommerce'))}
          <InlineStack>
            <Button url="/data">{t('onboarding.connect.action')}</Button>
          </InlineStack>
        </BlockStack>
      );
    case 'launch':
      if (done) return p(t('onboarding.launch.done'));
      return (
        <BlockStack gap="200">
          {p(t('onboarding.launch.body'))}
          <InlineStack gap="200">
            <Button variant="primary" onClick={() => launch.mutate()} loading={launch.isPending} disabled={!program.data}>
              {t('onboarding.launch.action')}
            </Button>
            <Button url="/loyalty">{t('onboarding.launch.review')}</Button>
          </InlineStack>
          {launch.isError && (
            <Text as="p" tone="critical">
              {launch.error.message}
            </Text>
          )}
        </BlockStack>
      );
    case 'widget': {
      if (done) {
        return p(
          by === 'data' && state.widget.firstSeenAt
            ? t('onboarding.widget.seen', { date: formatDate(lang, state.widget.firstSeenAt) })
            : t('onboarding.widget.marked'),
        );
      }
      const action =
        store?.platform === 'shopify' && state.widget.themeEditorUrl ? (
          <Button variant="primary" url={state.widget.themeEditorUrl} target={external}>
            {t('onboarding.widget.openThemeEditor')}
          </Button>
        ) : store?.platform === 'woocommerce' && state.widget.pluginsUrl ? (
          <Button variant="primary" url={state.widget.pluginsUrl} target="_blank">
            {t('onboarding.widget.openPlugins')}
          </Button>
        ) : null;
      return (
        <BlockStack gap="200">
          {p(
            store?.platform === 'woocommerce'
              ? t('onboarding.widget.woocommerce')
              : store
                ? t('onboarding.widget.shopify')
                : t('onboarding.widget.noStore'),
          )}
          <InlineStack gap="200">
            {action}
            <Button onClick={() => onMark('widget')} loading={marking}>
              {t('onboarding.widget.markDone')}
            </Button>
          </InlineStack>
        </BlockStack>
      );
    }
    case 'preview': {
      const settings = program.data ? (program.data.program?.settings ?? program.data.proposed) : null;
      const currency = settings?.earning.rates[0]?.currency ?? 'USD';
      return (
        <BlockStack gap="300">
          {p(t('onboarding.preview.body'))}
          <InlineStack>
            <Button
              onClick={() => {
                setPreviewOpen((o) => !o);
                if (!done) onMark('preview');
              }}
              ariaExpanded={previewOpen}
              ariaControls="rapport-widget-preview"
              disabled={!settings}
            >
              {previewOpen ? t('onboarding.preview.hide') : t('onboarding.preview.show')}
            </Button>
          </InlineStack>
          <div id="rapport-widget-preview" hidden={!previewOpen}>
            {previewOpen && settings && (
              <Suspense
                fallback={
                  <Text as="p" tone="subdued">
                    {t('onboarding.preview.loading')}
                  </Text>
                }
              >
                <WidgetPreview settings={settings} currency={currency} />
              </Suspense>
            )}
          </div>
        </BlockStack>
      );
    }
  }
}
