import type { Command } from 'commander';
import { normaliseEmail } from '../../lib/identity.ts';
import { print, withRuntime, CliError } from '../context.ts';

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('standalone admin users');
  admin
    .command('create')
    .description('create a staff login for the standalone admin (WooCommerce-only or self-hosted merchants)')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'at least 10 characters')
    .option('--account <id>', 'existing account (default: a new one)')
    .option('--account-name <name>', 'name of the new account', 'My shop')
    .option('--currency <ISO>', 'reporting currency of the new account', 'USD')
    .action(async (o: { email: string; password: string; account?: string; accountName: string; currency: string }) => {
      const email = normaliseEmail(o.email);
      if (!email) throw new CliError(`--email is not an email address: "${o.email}"`);
      if (o.password.length < 10) throw new CliError('--password must be at least 10 characters');
      if (!/^[A-Z]{3}$/.test(o.currency)) throw new CliError(`--currency must be an ISO 4217 code like PKR, got "${o.currency}"`);
      await withRuntime(async (rt) => {
        if (await rt.tenancy.findAdminUser(email)) throw new CliError(`A user with email ${email} already exists`);
        if (o.account && !(await rt.tenancy.getAccount(o.account))) throw new CliError(`No account ${o.account}`);
        const accountId = o.account ?? (await rt.tenancy.createAccount(o.accountName, o.currency));
        await rt.tenancy.createAdminUser(accountId, email, o.password);
        print(`Created ${email} for account ${accountId}. Log in with POST /api/auth/login.`);
      });
    });
}
