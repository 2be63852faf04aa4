import { Banner, BlockStack, Layout, SkeletonBodyText, Text } from '@shopify/polaris';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { endpoints, type ProgramSettings } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { useDirtyForm } from '../../hooks/useDirtyForm.ts';
import { fieldErrors, formError } from '../../hooks/useFieldErrors.ts';
import { currentLanguage } from '../../i18n.ts';
import { FormSaveBar } from '../FormSaveBar.tsx';
import { EarningSection } from './EarningSection.tsx';
import { MoreRulesSection } from './MoreRulesSection.tsx';
import { PreviewCard } from './PreviewCard.tsx';
import { setIn } from './settings.ts';

/**
 * The program settings (earning, more rules, referral settings), edited locally and saved as a new
 * version with PUT /api/loyalty/program from the contextual save bar.
 */
export function ProgramForm() {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const qc = useQueryClient();
  const program = useQuery({ queryKey: ['program'], queryFn: endpoints.program });
  const form = useDirtyForm<ProgramSettings>(program.data ? (program.data.program?.settings ?? program.data.proposed) : undefined);
  const save = useMutation({
    mutationFn: endpoints.saveProgram,
    onSuccess: (r) => {
      form.saved(r.settings);
      void qc.invalidateQueries({ queryKey: ['program'] });
      // The cost per point values the Analytics page's points liability.
      void qc.invalidateQueries({ queryKey: ['report', 'loyalty'] });
    },
  });

  if (program.isError)
    return (
      <Banner tone="critical" title={t('errors.loadFailed')}>
        <p>{program.error.message}</p>
      </Banner>
    );
  const settings = form.value;
  if (!settings) return <SkeletonBodyText lines={10} />;
  const errors = fieldErrors(save.error);
  const editor = {
    settings,
    errors,
    set: (path: string, value: unknown) => {
      form.update((s) => setIn(s, path, value));
      if (save.isSuccess || save.isError) save.reset();
    },
  };
  const version = save.data?.version ?? program.data?.program?.version;
  return (
    <Layout>
      <Layout.Section>
        <BlockStack gap="400">
          <FormSaveBar
            dirty={form.dirty}
            valid={Object.keys(errors).length === 0}
            saving={save.isPending}
            saveLabel={t('program.save')}
            onSave={() => save.mutate(settings)}
            onDiscard={() => {
              form.discard();
              save.reset();
            }}
          />
          {save.isSuccess && (
            <Banner
              tone="success"
              title={t('program.saved', { version: formatNumber(lang, save.data.version) })}
              onDismiss={() => save.reset()}
            />
          )}
          {save.isError && (
            <Banner tone="critical" title={t('program.saveFailed')}>
              <p>{formError(save.error) ?? t('program.fixFields', { count: Object.keys(errors).length })}</p>
            </Banner>
          )}
          <EarningSection {...editor} />
          <MoreRulesSection {...editor} />
        </BlockStack>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <BlockStack gap="400">
          <PreviewCard settings={settings} />
          {version !== undefined && (
            <Text as="p" tone="subdued">
              {t('program.version', { version: formatNumber(lang, version) })}
            </Text>
          )}
        </BlockStack>
      </Layout.Section>
    </Layout>
  );
}
