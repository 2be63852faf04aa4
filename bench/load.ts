import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Prepared } from './deliveries.ts';

// HTTP load generator for 127.0.0.1 only: keep-alive sockets, every request prepared beforehand.

export type Latency = { p50: number; p99: number; max: number };
export type LoadResult = Latency & {
  /** Requests whose outcome is counted (warm-up excluded). */
  sent: number;
  ok: number;
  /** Non-2xx answers plus transport errors and timeouts (status 0). */
  non2xx: number;
  statuses: Record<string, number>;
  /** 2xx answers to the uncounted warm-up requests (open loop). */
  warmupOk: number;
  /** Measured window in seconds: the schedule, or until the last counted response if later. */
  seconds: number;
  acceptedPerSecond: number;
  /** Load generator health: its own event-loop delay p99 and how late sends left vs schedule (ms). */
  generatorLoopDelayP99: number;
  sendLagP99: number;
};

const REQUEST_TIMEOUT_MS = 10_000;

function send(agent: Agent, port: number, r: Prepared, onStart?: () => void): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: r.path, method: 'POST', agent, headers: r.headers, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    onStart?.();
    req.end(r.body);
  });
}

function percentile(sorted: Float64Array | number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function latencySummary(values: number[]): Latency {
  const sorted = Float64Array.from(values).sort();
  return { p50: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

function tally(statuses: Record<string, number>, status: number): boolean {
  statuses[status] = (statuses[status] ?? 0) + 1;
  return status >= 200 && status < 300;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Open loop at a fixed offered rate: request i is due at start + i / rate whatever happened
 * before, and its latency runs from that due time to the end of its response. A server that
 * stalls therefore shows its whole queue in the percentiles (no coordinated omission). The first
 * `warmupSeconds` of the schedule are sent but not counted.
 */
export async function openLoop(port: number, requests: Prepared[], rate: number, warmupSeconds: number, sockets = 64): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const firstCounted = Math.round(warmupSeconds * rate);
  if (requests.length <= firstCounted) throw new Error('openLoop: not enough requests for the warm-up');
  const latencies: number[] = [];
  const sendLags: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let warmupOk = 0;
  let lastEnd = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now() + 5;
  const due = (i: number) => start + (i * 1000) / rate;
  let next = 0;
  while (next < requests.length) {
    const now = performance.now();
    for (; next < requests.length && due(next) <= now; next++) {
      const i = next;
      const scheduled = due(i);
      const counted = i >= firstCounted;
      if (counted && i === firstCounted) loop.enable();
      inflight.push(
        send(agent, port, requests[i]!, counted ? () => sendLags.push(performance.now() - scheduled) : undefined).then((status) => {
          if (!counted) {
            if (status >= 200 && status < 300) warmupOk++;
            return;
          }
          const end = performance.now();
          latencies.push(end - scheduled);
          lastEnd = Math.max(lastEnd, end);
          if (tally(statuses, status)) ok++;
        }),
      );
    }
    if (next < requests.length) await sleep(Math.max(0, due(next) - performance.now()));
  }
  await Promise.all(inflight);
  loop.disable();
  agent.destroy();
  const windowStart = due(firstCounted);
  const seconds = Math.max(lastEnd, due(requests.length)) - windowStart;
  const sent = requests.length - firstCounted;
  return {
    sent,
    ok,
    non2xx: sent - ok,
    statuses,
    warmupOk,
    seconds: round(seconds / 1000, 3),
    acceptedPerSecond: Math.round(ok / (seconds / 1000)),
    ...latencySummary(latencies),
    generatorLoopDelayP99: round(loop.percentile(99) / 1e6),
    sendLagP99: latencySummary(sendLags).p99,
  };
}

/**
 * Closed loop: `concurrency` clients, each sending its next request as soon as the previous one is
 * answered, for `seconds` or until the prepared requests run out (each is sent once).
 */
export async function closedLoop(port: number, requests: Prepared[], concurrency: number, seconds: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let next = 0;
  loop.enable();
  const start = performance.now();
  const stopAt = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < stopAt && next < requests.length) {
        const r = requests[next++]!;
        const t = performance.now();
        const status = await send(agent, port, r);
        latencies.push(performance.now() - t);
        if (tally(statuses, status)) ok++;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  loop.disable();
  agent.destroy();
  return {
    sent: next,
    ok,
    non2xx: next - ok,
    statuses,
    warmupOk: 0,
    seconds: round(elapsed, 3),
    acceptedPerSecond: Math.round(ok / elapsed),
    ...latencySummary(latencies),
    generatorLoopDelayP99: round(loop.percentile(99) / 1e6),
    sendLagP99: 0,
  };
}
