import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// The parent's side of a bench server: "ready" with the port, CPU time on request, clean stop.
// A server whose parent dies (IPC channel closed) exits at once, so none outlives the run.

export type ServerRequest = { type: 'cpu' } | { type: 'stats' } | { type: 'stop' };
export type ServerReply =
  { type: 'ready'; port: number } | { type: 'cpu'; userMs: number; systemMs: number } | { type: 'stats'; stats: Record<string, number> };

export function serve(
  server: Server,
  stats: () => Record<string, number> | Promise<Record<string, number>> = () => ({}),
  close: () => void = () => undefined,
): void {
  // As src/main.ts configures its server.
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 5_000;
  const reply = (m: ServerReply) => process.send?.(m);
  server.listen(0, '127.0.0.1', () => reply({ type: 'ready', port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(1));
  process.on('message', (m: ServerRequest) => {
    if (m.type === 'cpu') {
      const u = process.cpuUsage();
      reply({ type: 'cpu', userMs: u.user / 1000, systemMs: u.system / 1000 });
    } else if (m.type === 'stats') {
      void Promise.resolve(stats()).then((s) => reply({ type: 'stats', stats: s }));
    } else if (m.type === 'stop') {
      server.closeAllConnections();
      server.close();
      close();
      process.exit(0); // a normal exit, so --cpu-prof (BENCH_SERVER_PROF) writes its profile
    }
  });
}
