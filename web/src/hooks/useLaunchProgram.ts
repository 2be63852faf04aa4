import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpoints } from '../api.ts';

/**
 * The program and its one-click launch (the proposed settings, or the saved ones switched back
 * on), shared by the launch banner and Home's checklist so both start the same program.
 */
export function useLaunchProgram() {
  const qc = useQueryClient();
  const program = useQuery({ queryKey: ['program'], queryFn: endpoints.program });
  const launch = useMutation({
    mutationFn: () => endpoints.saveProgram({ ...(program.data?.program?.settings ?? program.data!.proposed), enabled: true }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['program'] });
      void qc.invalidateQueries({ queryKey: ['onboarding'] });
    },
  });
  return { program, running: Boolean(program.data?.program?.settings.enabled), launch };
}
