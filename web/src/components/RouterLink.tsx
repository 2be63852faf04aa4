import type { AppProviderProps } from '@shopify/polaris';
import type { ComponentProps, MouseEvent } from 'react';
import { navigate } from '../hooks/useLocation.ts';
import { confirmLeave } from '../hooks/unsavedChanges.ts';

type LinkProps = ComponentProps<NonNullable<AppProviderProps['linkComponent']>>;

/** Polaris renders every `url` through this: in-app links navigate without a page load. */
export function RouterLink({ url, external, children, onClick, ...rest }: LinkProps) {
  const internal = !external && url.startsWith('/');
  const handleClick = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (!internal || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void confirmLeave().then((leave) => {
      if (leave) navigate(url);
    });
  };
  return (
    <a href={url} onClick={handleClick} {...(external ? { target: '_blank', rel: 'noopener noreferrer' } : {})} {...rest}>
      {children}
    </a>
  );
}
