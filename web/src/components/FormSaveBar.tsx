import { Button, InlineStack } from '@shopify/polaris';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { markUnsaved } from '../hooks/unsavedChanges.ts';
import { isEmbedded } from '../mode.ts';

// The contextual save bar of every edit-in-place settings form (with hooks/useDirtyForm.ts).
// Inside Shopify admin it is App Bridge's own bar (`<ui-save-bar>` shown and hidden with
// `shopify.saveBar`, asking before discarding); standalone, a sticky Polaris-style bar and a
// `beforeunload` guard. In-app links ask before leaving unsaved changes (hooks/unsavedChanges.ts).

export type FormSaveBarProps = {
  dirty: boolean;
  /** False while the values are known to be refused (the last save's field errors, untouched since). */
  valid: boolean;
  saving: boolean;
  onSave: () => void;
  onDiscard: () => void;
  /** The Save button's label; "Save" by default. */
  saveLabel?: string;
};

type SaveBarApi = { show: (id: string) => Promise<void>; hide: (id: string) => Promise<void> };

function appBridgeSaveBar(): SaveBarApi | null {
  if (!isEmbedded()) return null;
  const api = (window as unknown as { shopify?: { saveBar?: Partial<SaveBarApi> } }).shopify?.saveBar;
  return api && typeof api.show === 'function' && typeof api.hide === 'function' ? (api as SaveBarApi) : null;
}

export function FormSaveBar(props: FormSaveBarProps) {
  const bridge = appBridgeSaveBar();
  const formId = useId();
  useEffect(() => {
    markUnsaved(formId, props.dirty);
    return () => markUnsaved(formId, false);
  }, [formId, props.dirty]);
  return bridge ? <AppBridgeSaveBar {...props} bridge={bridge} /> : <StandaloneSaveBar {...props} />;
}

function StandaloneSaveBar({ dirty, valid, saving, onSave, onDiscard, saveLabel }: FormSaveBarProps) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!dirty) return;
    // The browser's own "Leave site?" prompt: its text cannot be set, only asked for.
    const guard = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [dirty]);
  if (!dirty) return null;
  return (
    <div className="rapport-save-bar" role="region" aria-label={t('saveBar.label')} data-testid="save-bar">
      <p className="rapport-save-bar__message">{t('saveBar.unsaved')}</p>
      <InlineStack gap="200">
        <Button onClick={onDiscard} disabled={saving}>
          {t('saveBar.discard')}
        </Button>
        <Button variant="primary" onClick={onSave} loading={saving} disabled={!valid}>
          {saveLabel ?? t('saveBar.save')}
        </Button>
      </InlineStack>
    </div>
  );
}

function AppBridgeSaveBar({ dirty, valid, saving, onSave, onDiscard, saveLabel, bridge }: FormSaveBarProps & { bridge: SaveBarApi }) {
  const { t } = useTranslation();
  const id = `rapport-save-bar-${useId().replace(/[^\w-]/g, '')}`;
  const handlers = useRef({ onSave, onDiscard });
  handlers.current = { onSave, onDiscard };
  const buttons = useRef<{ save: HTMLButtonElement; discard: HTMLButtonElement } | null>(null);

  useEffect(() => {
    // Built outside React: App Bridge reads the bar's child buttons (variant="primary" is Save).
    const bar = document.createElement('ui-save-bar');
    bar.id = id;
    bar.setAttribute('discardConfirmation', '');
    const save = document.createElement('button');
    save.setAttribute('variant', 'primary');
    save.addEventListener('click', () => handlers.current.onSave());
    const discard = document.createElement('button');
    discard.addEventListener('click', () => handlers.current.onDiscard());
    bar.append(save, discard);
    document.body.append(bar);
    buttons.current = { save, discard };
    return () => {
      buttons.current = null;
      void bridge.hide(id).catch(() => undefined);
      bar.remove();
    };
  }, [id, bridge]);

  useEffect(() => {
    const b = buttons.current;
    if (!b) return;
    b.save.textContent = saveLabel ?? t('saveBar.save');
    b.discard.textContent = t('saveBar.discard');
    b.save.toggleAttribute('disabled', !dirty || !valid);
    b.save.toggleAttribute('loading', saving);
    b.discard.toggleAttribute('disabled', saving);
  }, [dirty, valid, saving, saveLabel, t]);

  useEffect(() => {
    void (dirty ? bridge.show(id) : bridge.hide(id)).catch(() => undefined);
  }, [dirty, id, bridge]);

  return null;
}
