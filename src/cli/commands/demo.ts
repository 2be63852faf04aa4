import type { Command } from 'commander';
import { DEMO_LOGIN, demoExists, removeDemo, seedDemo } from '../../demo/seed.ts';
import { CliError, print, withRuntime } from '../context.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load the demo merchant (customers and orders from a real purchase log)')
    .option('--customers <n>', 'how many customers (1 to 2357)', '2357')
    .option('--reset', 'delete the demo merchant and load it again')
    .action(async (o: { customers: string; reset?: boolean }) => {
      // The demo login and its webhook secret are published: never on a production instance.
      if (process.env.NODE_ENV === 'production')
        throw new CliError('rapport demo is refused when NODE_ENV=production: its login and webhook secret are public');
      const customers = Number(o.customers);
      if (!Number.isInteger(customers) || customers < 1 || customers > 2357)
        throw new CliError('--customers must be a whole number from 1 to 2357');
      await withRuntime(async (rt) => {
        if (await demoExists(rt)) {
          if (!o.reset) {
            print(`The demo merchant is already loaded (use --reset to reload). Login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`);
            return;
          }
          await removeDemo(rt);
        }
        const s = await seedDemo(rt, { customers });
        print(
          `Loaded the demo merchant from the ${s.source}: ${s.customers} shoppers, ${s.orders} orders, ${s.connections} stores in ${(s.tookMs / 1000).toFixed(1)} s.`,
        );
        print(`Login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}  (POST /api/auth/login)`);
      });
    });
}
