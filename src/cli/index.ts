import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.ts';
import { registerAdmin } from './commands/admin.ts';
import { registerConnect } from './commands/connect.ts';
import { registerDemo } from './commands/demo.ts';
import { registerInbox } from './commands/inbox.ts';
import { registerInsights } from './commands/insights.ts';
import { registerMigrate } from './commands/migrate.ts';
import { registerRoles } from './commands/roles.ts';
import { CliError } from './context.ts';

const program = new Command()
  .name('rapport')
  .description('Rapport: CRM and loyalty for Shopify and WooCommerce shops. Reads DATABASE_URL and ENCRYPTION_KEY from the environment.')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

registerMigrate(program);
registerAdmin(program);
registerDemo(program);
registerConnect(program);
registerInbox(program);
registerRoles(program);
registerInsights(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode; // commander already printed the message or help
  } else if (err instanceof CliError || err instanceof ConfigError) {
    process.stderr.write(`rapport: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`rapport: unexpected error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  }
}
