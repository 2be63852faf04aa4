import { NavMenu } from '@shopify/app-bridge-react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../hooks/useLocation.ts';
import { confirmLeave } from '../hooks/unsavedChanges.ts';
import { navEntries } from '../routes.ts';
import { PageOutlet } from './PageOutlet.tsx';

/** Inside Shopify admin: App Bridge draws the navigation (<ui-nav-menu>) and the title bar. */
export function EmbeddedShell() {
  const { t } = useTranslation();

  useEffect(() => {
    // App Bridge announces nav-menu clicks; handling them keeps navigation client-side.
    const onNavigate = (e: Event) => {
      const href = (e.target as Element | null)?.getAttribute?.('href');
      if (!href) return;
      e.preventDefault();
      void confirmLeave().then((leave) => {
        if (leave) navigate(href);
      });
    };
    document.addEventListener('shopify:navigate', onNavigate);
    return () => document.removeEventListener('shopify:navigate', onNavigate);
  }, []);

  return (
    <>
      <NavMenu>
        <a href="/" rel="home">
          {t('app.name')}
        </a>
        {/* Home is the rel="home" link above: App Bridge shows it as the app's own entry. */}
        {navEntries
          .filter((e) => !e.hidden && e.path !== '/')
          .map((e) => (
            <a key={e.path} href={e.path}>
              {t(e.labelKey)}
            </a>
          ))}
      </NavMenu>
      <PageOutlet />
    </>
  );
}
