import type { Command } from 'commander';
import { startInboxWorker } from '../../jobs/inbox.worker.ts';
import type { Runtime } from '../../runtime.ts';
import { CliError, print, withRuntime } from '../context.ts';

async function drainNow(rt: Runtime): Promise<void> {
  const worker = startInboxWorker({ ...rt.workerDeps, pollMs: 60_000 });
  const processed = await worker.drain();
  await worker.stop();
  const counts = await rt.inbox.counts();
  print(`Processed ${processed} deliveries; ${counts.dead} dead, ${counts.pending} pending (awaiting retry).`);
}

export function registerInbox(program: Command): void {
  const inbox = program.command('inbox').description('the webhook inbox: status, dead letters, retry and replay');

  inbox
    .command('status')
    .description('deliveries per status')
    .action(async () => {
      await withRuntime(async (rt) => {
        const c = await rt.inbox.counts();
        print(
          `pending ${c.pending}  done ${c.done}  ignored ${c.ignored}  dead ${c.dead}${c.oldestPendingAt ? `  oldest pending ${c.oldestPendingAt}` : ''}`,
        );
      });
    });

  inbox
    .command('dead')
    .description('list dead-lettered deliveries')
    .option('--limit <n>', 'how many', '50')
    .action(async (o: { limit: string }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CliError('--limit must be a whole number from 1 to 10000');
      await withRuntime(async (rt) => {
        const rows = await rt.inbox.list({ status: 'dead', limit });
        if (!rows.length) return print('No dead deliveries.');
        for (const r of rows) print(`${r.id}  ${r.platform}  ${r.topic}  attempts=${r.attempts}  ${r.lastError ?? ''}`);
      });
    });

  inbox
    .command('retry')
    .description(
      'put dead deliveries back in the queue and process them (dead letters are kept INBOX_DEAD_RETENTION_HOURS, 30 days by default)',
    )
    .option('--id <ids...>', 'delivery ids')
    .option('--all', 'every dead delivery')
    .action(async (o: { id?: string[]; all?: boolean }) => {
      if (!o.all && !o.id?.length) throw new CliError('Say which deliveries: --id <n...> or --all');
      const ids = o.id?.map(Number);
      if (ids?.some((n) => !Number.isInteger(n) || n < 1)) throw new CliError('--id takes delivery ids (whole numbers)');
      await withRuntime(async (rt) => {
        print(`Requeued ${await rt.inbox.requeue({ ids: o.all ? undefined : ids }, new Date().toISOString())}.`);
        await drainNow(rt);
      });
    });

  inbox
    .command('replay')
    .description(
      'reprocess every retained delivery (the result is the same store); processed deliveries are deleted with their bodies after INBOX_RETENTION_HOURS (72 by default) and cannot be replayed',
    )
    .option('--all', 'required: replay the whole inbox')
    .option('--yes', 'required: confirm')
    .action(async (o: { all?: boolean; yes?: boolean }) => {
      if (!o.all || !o.yes) throw new CliError('Replaying reprocesses every stored delivery: pass --all --yes');
      await withRuntime(async (rt) => {
        const requeued = await rt.inbox.requeue({ includeDone: true }, new Date().toISOString());
        print(
          `Requeued ${requeued}: the deliveries still retained. Deliveries processed more than ${rt.config.INBOX_RETENTION_HOURS} h ago (INBOX_RETENTION_HOURS) were deleted with their bodies and cannot be replayed; a reconcile pulls their current state from the store.`,
        );
        await drainNow(rt);
      });
    });
}
