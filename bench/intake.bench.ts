import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signedDeliveries } from './deliveries.ts';
import { closedLoop, openLoop, type LoadResult } from './load.ts';
import type { ServerReply, ServerRequest } from './servers/ipc.ts';

// Webhook intake: the real app and a bare node:http server, each in its own process so the load
// generator (this process) never shares their event loop, under the same prepared requests.

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type IntakeOptions = {
  tmp: string;
  /** Open loop: offered rate (requests/s), measured seconds and unmeasured warm-up seconds before them. */
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** Closed loop: concurrent clients for `closedSeconds`, at most `closedRequests` requests. */
  concurrency: number;
  closedSeconds: number;
  closedRequests: number;
  /** Rapport's database: a postgres:// URL, or (default) a fresh SQLite file in `tmp`. */
  database?: string;
};

export type Phase = LoadResult & { offeredPerSecond: number | null; serverCpuUsPerRequest: number };
export type ServerRun = { server: 'bare' | 'rapport'; open: Phase; closed: Phase };
export type IntakeResult = {
  options: Omit<IntakeOptions, 'tmp'>;
  bare: ServerRun;
  rapport: ServerRun;
  /** rapport / bare. */
  ratios: { openThroughput: number; openP99: number; closedThroughput: number; cpuPerRequest: number };
  /** Rows in Rapport's inbox after the run vs deliveries it acknowledged. */
  inbox: { acknowledged: number; stored: number; sent: number };
};

// ---- child servers --------------------------------------------------------------------------

const children = new Set<ChildProcess>();

/** Kills every bench server still running (synchronous, so it is safe in an exit handler). */
export function killServers(): void {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

export type Child = { name: string; process: ChildProcess; port: number };

export function ask<T extends ServerReply['type']>(
  child: Child,
  request: ServerRequest,
  type: T,
): Promise<Extract<ServerReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${child.name} server did not answer ${request.type}`)), 10_000);
    const onMessage = (m: ServerReply) => {
      if (m.type === type) done(undefined, m as Extract<ServerReply, { type: T }>);
    };
    const onExit = (code: number | null) => done(new Error(`${child.name} server exited (${code}) during ${request.type}`));
    function done(err?: Error, reply?: Extract<ServerReply, { type: T }>) {
      clearTimeout(timer);
      child.process.off('message', onMessage).off('exit', onExit);
      if (err) reject(err);
      else resolve(reply!);
    }
    child.process.on('message', onMessage).once('exit', onExit);
    child.process.send(request);
  });
}

export async function startServer(name: string, args: string[], readyTimeoutMs = 30_000): Promise<Child> {
  // BENCH_SERVER_PROF=<dir> writes a V8 CPU profile of each server (they stop cleanly).
  // (One profile per thread: the main thread's is the largest file in <dir>/<server>/.)
  const prof = process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_SERVER_PROF, name)}`] : [];
  const child = fork(join(ROOT, 'bench/servers', `${name}.ts`), args, {
    cwd: ROOT,
    execArgv: ['--import', 'tsx', ...prof],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} server did not start within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
    child.on('message', (m: ServerReply) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} server exited with ${code} before listening`));
    });
  });
  return { name, process: child, port };
}

export async function stopServer(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.process.once('exit', () => r()));
  child.process.send({ type: 'stop' } satisfies ServerRequest);
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function cpuMs(child: Child): Promise<number> {
  const c = await ask(child, { type: 'cpu' }, 'cpu');
  return c.userMs + c.systemMs;
}

// ---- benchmark --------------------------------------------------------------------------------

const settle = () => new Promise((r) => setTimeout(r, 300));
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

export async function benchIntake(o: IntakeOptions, log: (line: string) => void = () => undefined): Promise<IntakeResult> {
  // Every request distinct (webhook id, event id, order id, HMAC), built before anything is timed.
  // Both servers get the same requests; each Rapport server has its own fresh database.
  const openRequests = signedDeliveries(0, Math.round(o.rate * (o.warmupSeconds + o.seconds)));
  const closedRequests = signedDeliveries(1_000_000, o.closedRequests);
  log(`intake: ${openRequests.length + closedRequests.length} signed deliveries prepared`);

  const servers: Child[] = [];
  try {
    servers.push(...(await Promise.all([startServer('bare', []), startServer('rapport', [o.database ?? join(o.tmp, 'intake.sqlite')])])));
    const runs = new Map<Child, Partial<ServerRun>>(servers.map((s) => [s, { server: s.name as ServerRun['server'] }]));

    for (const phase of ['open', 'closed'] as const) {
      for (const server of servers) {
        await settle();
        const before = await cpuMs(server);
        const result =
          phase === 'open'
            ? await openLoop(server.port, openRequests, o.rate, o.warmupSeconds)
            : await closedLoop(server.port, closedRequests, o.concurrency, o.closedSeconds);
        const requests = phase === 'open' ? openRequests.length : result.sent;
        const serverCpuUsPerRequest = Math.round((((await cpuMs(server)) - before) * 1000) / requests);
        runs.get(server)![phase] = { ...result, offeredPerSecond: phase === 'open' ? o.rate : null, serverCpuUsPerRequest };
        log(`intake: ${server.name} ${phase} loop: ${result.acceptedPerSecond}/s, p99 ${result.p99} ms`);
      }
    }

    const [bare, rapport] = servers.map((s) => runs.get(s) as ServerRun) as [ServerRun, ServerRun];
    // Every acknowledged delivery must be in the inbox (warm-up requests were sent too).
    const stats = (await ask(servers[1]!, { type: 'stats' }, 'stats')).stats;
    const sent = openRequests.length + rapport.closed.sent;
    const acknowledged = rapport.open.warmupOk + rapport.open.ok + rapport.closed.ok;
    const stored = stats.n ?? 0;
    if (stored < acknowledged || stored > sent) {
      throw new Error(`intake: Rapport acknowledged ${acknowledged} of ${sent} distinct deliveries, but its inbox holds ${stored} rows`);
    }
    return {
      options: {
        rate: o.rate,
        seconds: o.seconds,
        warmupSeconds: o.warmupSeconds,
        concurrency: o.concurrency,
        closedSeconds: o.closedSeconds,
        closedRequests: o.closedRequests,
      },
      bare,
      rapport,
      ratios: {
        openThroughput: ratio(rapport.open.acceptedPerSecond, bare.open.acceptedPerSecond),
        openP99: ratio(rapport.open.p99, bare.open.p99),
        closedThroughput: ratio(rapport.closed.acceptedPerSecond, bare.closed.acceptedPerSecond),
        cpuPerRequest: ratio(rapport.closed.serverCpuUsPerRequest, bare.closed.serverCpuUsPerRequest),
      },
      inbox: { acknowledged, stored, sent },
    };
  } finally {
    await Promise.all(servers.map((s) => stopServer(s).catch(() => s.process.kill('SIGKILL'))));
  }
}
