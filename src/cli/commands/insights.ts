import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { dayNumber } from '../../crm/insights/calibration.ts';
import { fitTransactionLog } from '../../crm/insights/transaction-log.fit.ts';
import { parseTransactionLog, type TransactionLogFormat } from '../../crm/insights/transaction-log.parser.ts';
import { CliError, print } from '../context.ts';

// `rapport insights fit`: the customer-base models (src/crm/insights/) on any transaction log,
// without a database. Plain maximum likelihood, time in weeks, purchases on one day merged.

type FitOptions = { transactions: string; format: TransactionLogFormat; calibrationEnd: string; holdoutEnd?: string; json?: boolean };

export function registerInsights(program: Command): void {
  const insights = program.command('insights').description('customer-base models (BG/NBD, Gamma-Gamma) on a transaction log');
  insights
    .command('fit')
    .description('fit BG/NBD and Gamma-Gamma by maximum likelihood and check them on the holdout after the calibration end')
    .requiredOption('--transactions <file>', 'the transaction log')
    .addOption(
      new Option('--format <format>', 'cdnow (the CDNOW sample) or csv (customer_id,date,amount)')
        .choices(['cdnow', 'csv'])
        .makeOptionMandatory(),
    )
    .requiredOption('--calibration-end <YYYY-MM-DD>', 'last day of the calibration period; later purchases are the holdout')
    .option('--holdout-end <YYYY-MM-DD>', 'last day of the holdout (default: the last day in the log)')
    .option('--json', 'print one JSON object')
    .action((o: FitOptions) => fit(o));
}

function fit(o: FitOptions): void {
  checkDay('--calibration-end', o.calibrationEnd);
  if (o.holdoutEnd !== undefined) {
    checkDay('--holdout-end', o.holdoutEnd);
    if (o.holdoutEnd < o.calibrationEnd) throw new CliError('--holdout-end must not be before --calibration-end');
  }
  let text: string;
  try {
    text = readFileSync(o.transactions, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${o.transactions}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const log = parseTransactionLog(text, o.format);
  if (!log.ok) throw new CliError(`${o.transactions} is not a ${o.format} transaction log: ${log.reason}`);
  const result = fitTransactionLog(log.purchases, { calibrationEnd: o.calibrationEnd, holdoutEnd: o.holdoutEnd });
  if (result.outcome === 'no_customers')
    throw new CliError(`${o.transactions} has no customer with a purchase on or before ${o.calibrationEnd}`);
  if (result.outcome === 'no_repeaters') {
    throw new CliError(`none of the ${result.customers} customers bought again by ${o.calibrationEnd}: the models need repeat purchases`);
  }
  const { bgnbd, gammaGamma, holdout } = result;
  if (o.json) {
    print(
      JSON.stringify({
        customers: result.customers,
        repeaters: result.repeaters,
        bgnbd: { ...bgnbd.params, logLikelihood: bgnbd.logLikelihood },
        gammaGamma: gammaGamma.params,
        holdout: { predicted: holdout.predicted, actual: holdout.actual },
      }),
    );
    return;
  }
  const row = (model: string, name: string, value: number, se: number | null) =>
    print(`${model.padEnd(12)}${name.padEnd(16)}${fmt(value).padStart(12)}${(se === null ? 'n/a' : fmt(se)).padStart(14)}`);
  print(`${result.customers} customers (first purchase by ${o.calibrationEnd}), ${result.repeaters} bought again in calibration`);
  print();
  print(`${'model'.padEnd(12)}${'parameter'.padEnd(16)}${'estimate'.padStart(12)}${'std. error'.padStart(14)}`);
  for (const k of ['r', 'alpha', 'a', 'b'] as const) row('BG/NBD', k, bgnbd.params[k], bgnbd.se[k]);
  row('BG/NBD', 'log-likelihood', bgnbd.logLikelihood, null);
  for (const k of ['p', 'q', 'gamma'] as const) row('Gamma-Gamma', k, gammaGamma.params[k], gammaGamma.se[k]);
  print();
  print(
    `Holdout ${fmt(holdout.weeks)} weeks to ${holdout.end}: predicted ${holdout.predicted.toFixed(1)} repeat purchases, actual ${holdout.actual}`,
  );
  if ([...Object.values(bgnbd.se), ...Object.values(gammaGamma.se)].includes(null)) {
    print('n/a: not identified by these data (too few customers or repeat purchases, or an estimate at the edge of its range).');
  }
  if (!bgnbd.converged || !gammaGamma.converged) print('Warning: the optimiser stopped before converging; treat the estimates with care.');
}

function checkDay(option: string, value: string): void {
  try {
    dayNumber(value);
  } catch {
    throw new CliError(`${option} must be a date YYYY-MM-DD, not ${JSON.stringify(value)}`);
  }
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toFixed(1) : v.toPrecision(4));
