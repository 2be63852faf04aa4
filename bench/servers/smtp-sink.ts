import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { ServerReply, ServerRequest } from './ipc.ts';

// A local SMTP server in a process of its own, as a real MTA would be: it accepts and discards
// every message and counts them. In the sender's process it took half the CPU the send was
// measured on. No reverse DNS of the client (an MTA on localhost would not; offline it stalls).
let accepted = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      accepted++;
      callback();
    });
  },
});
const reply = (m: ServerReply) => process.send?.(m);
smtp.listen(0, '127.0.0.1', () => reply({ type: 'ready', port: (smtp.server.address() as AddressInfo).port }));
process.on('disconnect', () => process.exit(1));
process.on('message', (m: ServerRequest) => {
  if (m.type === 'stats') reply({ type: 'stats', stats: { accepted } });
  else if (m.type === 'cpu') {
    const u = process.cpuUsage();
    reply({ type: 'cpu', userMs: u.user / 1000, systemMs: u.system / 1000 });
  } else if (m.type === 'stop') smtp.close(() => process.exit(0));
});
