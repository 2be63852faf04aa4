import { Frame, Navigation, TopBar } from '@shopify/polaris';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePathname } from '../hooks/useLocation.ts';
import { useSession } from '../hooks/useSession.ts';
import { SignedOut } from '../pages/SignedOut.tsx';
import { isSelected, navEntries } from '../routes.ts';
import { PageOutlet } from './PageOutlet.tsx';
import { logo } from './logo.ts';
import { PageSkeleton } from './PageSkeleton.tsx';

/** Standalone (WooCommerce-only and self-hosted) shell: Polaris Frame + Navigation, own login. */
export function StandaloneShell() {
  const { t } = useTranslation();
  const { state, signIn, signOut, adopt } = useSession();
  const pathname = usePathname();
  const [navOpen, setNavOpen] = useState(false);
  const toggleNav = useCallback(() => setNavOpen((open) => !open), []);

  if (state === 'checking') return <PageSkeleton />;
  if (state === 'signed-out') return <SignedOut onSignIn={signIn} onOwnerCreated={adopt} />;

  const navigation = (
    <Navigation location={pathname} ariaLabelledBy="rapport-nav-label">
      <span id="rapport-nav-label" hidden>
        {t('nav.label')}
      </span>
      <Navigation.Section
        title={t('app.name')}
        items={navEntries
          .filter((e) => !e.hidden)
          .map((e) => ({
            url: e.path,
            label: t(e.labelKey),
            selected: isSelected(e.path, pathname),
            onClick: () => setNavOpen(false),
          }))}
      />
      <Navigation.Section
        separator
        items={[
          {
            label: t('nav.logout'),
            onClick: () => {
              setNavOpen(false);
              void signOut();
            },
          },
        ]}
      />
    </Navigation>
  );
  return (
    <Frame
      logo={logo}
      topBar={<TopBar showNavigationToggle onNavigationToggle={toggleNav} />}
      navigation={navigation}
      showMobileNavigation={navOpen}
      onNavigationDismiss={toggleNav}
    >
      <PageOutlet />
    </Frame>
  );
}
