import { join } from 'node:path';
import { signedDeliveries } from './deliveries.ts';
import { ask, startServer, stopServer, type Child } from './intake.bench.ts';
import { openLoop, type LoadResult } from './load.ts';

// Processing while intake is under load: the real app with its inbox worker (one event loop, as in
// production) takes orders/create deliveries at a fixed offered rate (open loop) for `seconds`;
// acks are timed and the inbox is sampled, so processing throughput and the backlog left at the
// end stand beside the same server's quiet processing rate (its worker draining `quietOrders`
// before it listened) and a bare node:http server under the same load in the same run.

export type MixedOptions = { tmp: string; rate: number; seconds: number; warmupSeconds: number; quietOrders: number };
export type MixedResult = {
  options: Omit<MixedOptions, 'tmp'>;
  bare: LoadResult;
  rapport: LoadResult;
  /** Orders processed per second while the load ran (warm-up included in neither). */
  processedPerSecondUnderLoad: number;
  /** Deliveries still pending when the load stopped; how long the worker then took to empty the inbox (null: not within 60 s, `leftAfterDrain` remained). */
  backlogAtEnd: number;
  drainSeconds: number | null;
  leftAfterDrain: number;
  quietOrdersPerSecond: number;
  serverLoopDelay: { p99Ms: number; maxMs: number };
  /** processing under load / quiet processing; rapport ack p99 / bare ack p99. */
  ratios: { processing: number; ackP99: number };
  dead: number;
};

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function stats(child: Child): Promise<Record<string, number>> {
  return (await ask(child, { type: 'stats' }, 'stats')).stats;
}

export async function benchMixed(o: MixedOptions, log: (line: string) => void = () => undefined): Promise<MixedResult> {
  const requests = signedDeliveries(0, Math.round(o.rate * (o.warmupSeconds + o.seconds)));
  log(`mixed: ${requests.length} signed deliveries prepared`);
  const servers: Child[] = [];
  try {
    const bareServer = await startServer('bare', []);
    servers.push(bareServer);
    const bare = await openLoop(bareServer.port, requests, o.rate, o.warmupSeconds);
    log(`mixed: bare node:http ${bare.acceptedPerSecond}/s, p99 ${bare.p99} ms`);
    await stopServer(bareServer);

    log(`mixed: rapport with its worker; timing a quiet drain of ${o.quietOrders} orders first`);
    const server = await startServer('rapport-live', [join(o.tmp, 'mixed.sqlite'), '0', String(o.quietOrders)], 300_000);
    servers.push(server);
    const quiet = await stats(server);
    const quietOrdersPerSecond = quiet.quietOrders! / quiet.quietSeconds!;
    // Done count when the counted window opens and when the schedule ends.
    let doneAtWindowStart = quiet.quietOrders! + quiet.warmupOrders!;
    let windowStartedAt = 0;
    const windowTimer = setTimeout(() => {
      windowStartedAt = performance.now();
      void stats(server).then((s) => {
        doneAtWindowStart = s.done!;
      });
    }, o.warmupSeconds * 1000);
    const loadStart = performance.now();
    const loadDone = openLoop(server.port, requests, o.rate, o.warmupSeconds);
    await sleep(Math.max(0, (o.warmupSeconds + o.seconds) * 1000 - (performance.now() - loadStart)));
    const atEnd = await stats(server);
    const loadSeconds = (performance.now() - windowStartedAt) / 1000;
    clearTimeout(windowTimer);
    const rapport = await loadDone;
    const processedPerSecondUnderLoad = (atEnd.done! - doneAtWindowStart) / loadSeconds;
    log(
      `mixed: rapport ${rapport.acceptedPerSecond}/s, p99 ${rapport.p99} ms; processed ${Math.round(processedPerSecondUnderLoad)}/s, backlog ${atEnd.pending}`,
    );

    const drainStart = performance.now();
    let last = atEnd;
    while (last.pending! > 0 && performance.now() - drainStart < 60_000) {
      await sleep(200);
      last = await stats(server);
    }
    // Every delivery acknowledged is processed or still pending: none lost.
    const acknowledged = quiet.quietOrders! + quiet.warmupOrders! + rapport.warmupOk + rapport.ok;
    if (last.done! + last.dead! + last.pending! < acknowledged) {
      throw new Error(`mixed: the inbox holds fewer deliveries than were acknowledged: ${JSON.stringify(last)} for ${acknowledged}`);
    }
    return {
      options: { rate: o.rate, seconds: o.seconds, warmupSeconds: o.warmupSeconds, quietOrders: o.quietOrders },
      bare,
      rapport,
      processedPerSecondUnderLoad: Math.round(processedPerSecondUnderLoad),
      backlogAtEnd: atEnd.pending!,
      drainSeconds: last.pending! > 0 ? null : round((performance.now() - drainStart) / 1000, 1),
      leftAfterDrain: last.pending!,
      quietOrdersPerSecond: Math.round(quietOrdersPerSecond),
      serverLoopDelay: { p99Ms: round(atEnd.loopDelayP99Ms!), maxMs: round(atEnd.loopDelayMaxMs!) },
      ratios: { processing: round(processedPerSecondUnderLoad / quietOrdersPerSecond), ackP99: round(rapport.p99 / bare.p99) },
      dead: last.dead!,
    };
  } finally {
    await Promise.all(servers.map((s) => stopServer(s).catch(() => s.process.kill('SIGKILL'))));
  }
}

export function mixedReport(m: MixedResult, table: (rows: Array<Array<string | number>>) => string): string[] {
  const o = m.options;
  return [
    '',
    `Processing under intake load: ${o.rate}/s orders/create offered for ${o.seconds} s (open loop, after ${o.warmupSeconds} s warm-up), inbox worker on, loyalty on`,
    table([
      ['', 'accepted/s', 'ack p50 ms', 'ack p99 ms', 'max ms', 'non-2xx'],
      ['bare node:http, same load', m.bare.acceptedPerSecond, m.bare.p50, m.bare.p99, m.bare.max, m.bare.non2xx],
      ['rapport, worker on', m.rapport.acceptedPerSecond, m.rapport.p50, m.rapport.p99, m.rapport.max, m.rapport.non2xx],
      ['rapport / bare (p99)', '', '', `${m.ratios.ackP99}x`, '', ''],
    ]),
    table([
      ['', 'orders/s'],
      [
        `quiet: the same server draining ${Math.round(o.quietOrders * 0.8)} orders (after ${Math.round(o.quietOrders * 0.2)} untimed), no intake`,
        m.quietOrdersPerSecond,
      ],
      ['processed while intake ran', m.processedPerSecondUnderLoad],
      ['under load / quiet', `${m.ratios.processing}x`],
    ]),
    `  backlog when the load stopped: ${m.backlogAtEnd} deliveries, ${m.drainSeconds === null ? `${m.leftAfterDrain} still pending 60 s later` : `drained in ${m.drainSeconds} s`}; ${m.dead} dead; server event-loop delay p99 ${m.serverLoopDelay.p99Ms} ms, max ${m.serverLoopDelay.maxMs} ms`,
  ];
}
