import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { hugeOrderDelivery, signedDeliveries, type Prepared } from './deliveries.ts';
import { startServer, stopServer, type Child } from './intake.bench.ts';
import { openLoop, type LoadResult } from './load.ts';
import { stats } from './mixed.bench.ts';

// The load findings of issue #12 as one bounded, loopback-only run: the real app with its worker
// and a year of processed deliveries in its inbox takes signed orders at a fixed rate (open loop),
// first alone (the baseline of this run), then while attackers run beside it. Acks must stay
// under 1 s p99 throughout.

export type AttackOptions = {
  tmp: string;
  rate: number;
  seconds: number;
  oldRows: number;
  pollers: number;
  hugeLineItems: number;
  hugeEveryMs: number;
};

/** One attacker: started against the server's port, returns how to stop it and what it did. */
export type Attack = { name: string; start: (port: number) => () => Promise<string> };

function get(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end();
  });
}

function post(agent: Agent, port: number, r: Prepared): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: r.path, method: 'POST', headers: r.headers, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(r.body);
  });
}

/** `clients` anonymous clients polling GET /api/health back to back (finding 6). */
export function healthPollers(clients: number): Attack {
  return {
    name: `${clients} clients polling GET /api/health`,
    start(port) {
      const agent = new Agent({ keepAlive: true, maxSockets: clients });
      let running = true;
      let polls = 0;
      const started = performance.now();
      const loops = Array.from({ length: clients }, async () => {
        while (running) {
          await get(agent, port, '/api/health');
          polls++;
        }
      });
      return async () => {
        running = false;
        await Promise.all(loops);
        agent.destroy();
        return `${Math.round(polls / ((performance.now() - started) / 1000))} polls/s answered`;
      };
    },
  };
}

/** A signed order with `lineItems` line items delivered again (new ids) every `everyMs` (finding 9). */
export function hugeOrders(lineItems: number, everyMs: number, count: number): Attack {
  const deliveries = Array.from({ length: count }, (_, i) => hugeOrderDelivery(5_000_000 + i, lineItems));
  return {
    name: `a signed ${lineItems.toLocaleString('en')}-line order (${(deliveries[0]!.body.length / 1e6).toFixed(1)} MB) every ${everyMs} ms`,
    start(port) {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < deliveries.length) void post(agent, port, deliveries[sent++]!);
      }, everyMs);
      return async () => {
        clearInterval(timer);
        agent.destroy();
        return `${sent} sent`;
      };
    },
  };
}

// The `hardening` branch's findings (password guessing on POST /api/auth/login, slow and many
// concurrent request bodies) join here as two more Attack values, e.g. loginGuessing(clients) and
// slowBodies(sockets), added to the list in benchAttack; their acks are measured the same way.
export function attacks(o: AttackOptions): Attack[] {
  return [healthPollers(o.pollers), hugeOrders(o.hugeLineItems, o.hugeEveryMs, Math.ceil((o.seconds * 1000) / o.hugeEveryMs) + 2)];
}

export type AttackResult = {
  options: Omit<AttackOptions, 'tmp'>;
  quiet: LoadResult;
  attacked: LoadResult;
  attacks: Array<{ name: string; outcome: string }>;
  serverLoopDelay: { quietMaxMs: number; attackedMaxMs: number };
  inbox: Record<string, number>;
  ratioP99: number;
  pass: boolean;
};

export async function benchAttack(o: AttackOptions, log: (line: string) => void = () => undefined): Promise<AttackResult> {
  const perPhase = Math.round(o.rate * (1 + o.seconds));
  const quietRequests = signedDeliveries(0, perPhase);
  const attackedRequests = signedDeliveries(perPhase, perPhase);
  const list = attacks(o);
  let server: Child | undefined;
  try {
    log(`attack: starting rapport with ${o.oldRows.toLocaleString('en')} processed deliveries in its inbox`);
    server = await startServer('rapport-live', [join(o.tmp, 'attack.sqlite'), String(o.oldRows), '0'], 300_000);
    await stats(server); // resets the server's loop-delay histogram
    const quiet = await openLoop(server.port, quietRequests, o.rate, 1, 16);
    const quietLoop = await stats(server);
    log(`attack: quiet acks p99 ${quiet.p99} ms; attacking: ${list.map((a) => a.name).join('; ')}`);
    const stops = list.map((a) => a.start(server!.port));
    const attacked = await openLoop(server.port, attackedRequests, o.rate, 1, 16);
    const outcomes = await Promise.all(stops.map((stop) => stop()));
    const attackedLoop = await stats(server);
    log(`attack: acks under attack p99 ${attacked.p99} ms`);
    return {
      options: {
        rate: o.rate,
        seconds: o.seconds,
        oldRows: o.oldRows,
        pollers: o.pollers,
        hugeLineItems: o.hugeLineItems,
        hugeEveryMs: o.hugeEveryMs,
      },
      quiet,
      attacked,
      attacks: list.map((a, i) => ({ name: a.name, outcome: outcomes[i]! })),
      serverLoopDelay: { quietMaxMs: Math.round(quietLoop.loopDelayMaxMs!), attackedMaxMs: Math.round(attackedLoop.loopDelayMaxMs!) },
      inbox: { pending: attackedLoop.pending!, done: attackedLoop.done!, dead: attackedLoop.dead! },
      ratioP99: Math.round((attacked.p99 / quiet.p99) * 100) / 100,
      pass: attacked.p99 < 1000 && attacked.non2xx === 0,
    };
  } finally {
    if (server) await stopServer(server).catch(() => server!.process.kill('SIGKILL'));
  }
}

export function attackReport(
  a: AttackResult,
  table: (rows: Array<Array<string | number>>) => string,
): { lines: string[]; target: { name: string; figure: string; pass: boolean } } {
  const o = a.options;
  return {
    lines: [
      '',
      `Attacks (loopback): webhook acks at ${o.rate}/s offered for ${o.seconds} s (open loop), inbox holding ${o.oldRows.toLocaleString('en')} processed deliveries, worker on`,
      table([
        ['', 'accepted/s', 'ack p50 ms', 'ack p99 ms', 'max ms', 'non-2xx', 'server loop delay max ms'],
        [
          'no attack (baseline, same server)',
          a.quiet.acceptedPerSecond,
          a.quiet.p50,
          a.quiet.p99,
          a.quiet.max,
          a.quiet.non2xx,
          a.serverLoopDelay.quietMaxMs,
        ],
        [
          'under attack',
          a.attacked.acceptedPerSecond,
          a.attacked.p50,
          a.attacked.p99,
          a.attacked.max,
          a.attacked.non2xx,
          a.serverLoopDelay.attackedMaxMs,
        ],
        ['attack / baseline (p99)', '', '', `${a.ratioP99}x`, '', '', ''],
      ]),
      ...a.attacks.map((x) => `  attack: ${x.name}: ${x.outcome}`),
      `  inbox afterwards: ${a.inbox.pending} pending, ${a.inbox.dead} dead (the huge orders), ${a.inbox.done} done`,
    ],
    target: {
      name: 'webhook ack p99 < 1000 ms under attack',
      figure: `p99 ${a.attacked.p99} ms, ${a.attacked.non2xx} non-2xx`,
      pass: a.pass,
    },
  };
}
