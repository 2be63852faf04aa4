import { useQuery } from '@tanstack/react-query';
import { endpoints } from '../api.ts';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { LoginPage } from './LoginPage.tsx';
import { OwnerSetupPage } from './OwnerSetupPage.tsx';

/** Signed out: the sign-in page, or on the first run (no login exists yet) the owner's account form. */
export function SignedOut({
  onSignIn,
  onOwnerCreated,
}: {
  onSignIn: (email: string, password: string) => Promise<void>;
  onOwnerCreated: (token: string) => void;
}) {
  const setup = useQuery({ queryKey: ['setup'], queryFn: endpoints.setup, staleTime: 0 });
  if (setup.isPending) return <PageSkeleton />;
  if (setup.data?.ownerNeeded) return <OwnerSetupPage onCreated={onOwnerCreated} />;
  return <LoginPage onSignIn={onSignIn} />;
}
