import i18next from 'i18next';
import { isEmbedded } from '../mode.ts';

// Which forms hold unsaved changes (FormSaveBar marks them), so in-app navigation can ask before
// leaving: App Bridge's own leave confirmation inside Shopify admin, the browser's confirm dialog
// standalone. A full page load is guarded by `beforeunload` in FormSaveBar.

const unsaved = new Set<string>();

export function markUnsaved(formId: string, dirty: boolean): void {
  if (dirty) unsaved.add(formId);
  else unsaved.delete(formId);
}

/** Resolves true when navigation may go on (nothing unsaved, or the merchant chose to leave). */
export async function confirmLeave(): Promise<boolean> {
  if (unsaved.size === 0) return true;
  if (isEmbedded()) {
    const saveBar = (window as unknown as { shopify?: { saveBar?: { leaveConfirmation?: () => Promise<void> } } }).shopify?.saveBar;
    // Resolves once the merchant confirms; staying on the page leaves it pending.
    if (saveBar?.leaveConfirmation) {
      await saveBar.leaveConfirmation();
      return true;
    }
  }
  return window.confirm(i18next.t('saveBar.leave'));
}
