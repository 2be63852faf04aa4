import type { Command } from 'commander';
import { runRole } from '../../roles.ts';

// Long-running roles; each stops gracefully on SIGTERM/SIGINT (src/roles.ts).
export function registerRoles(program: Command): void {
  program
    .command('web')
    .description('serve HTTP only (webhook intake, admin API, storefront); run `rapport worker` beside it')
    .action(() => runRole('web'));
  program
    .command('worker')
    .description('process the webhook inbox and run the periodic jobs (one per SQLite database; WORKER_HEALTH_PORT for a liveness probe)')
    .action(() => runRole('worker'));
}
