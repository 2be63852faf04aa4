import { spawnSync } from 'node:child_process';

// `npm run db:generate [-- --name x]`: drizzle-kit generate for both dialects, same arguments.
const args = process.argv.slice(2);
for (const config of ['drizzle.config.ts', 'drizzle.pg.config.ts']) {
  const r = spawnSync('npx', ['drizzle-kit', 'generate', '--config', config, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
