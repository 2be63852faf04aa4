import type { Server } from 'node:http';
import { runRole, startRole } from './roles.ts';

// `npm start`: the `all` role, HTTP + inbox worker + periodic jobs in one process (roles.ts).
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<{ server: Server; stop: () => Promise<void> }> {
  const { server, stop } = await startRole('all', env);
  return { server: server!, stop };
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) runRole('all');
