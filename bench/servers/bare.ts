import { createServer } from 'node:http';
import { serve } from './ipc.ts';

// Baseline: the least a webhook endpoint can do on node:http: read the body, answer 200.
const body = '{"ok":true}';
serve(
  createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      res.end(body);
    });
  }),
);
