import pino from 'pino';

// Paths that may carry secrets or personal data; pino replaces them before writing.
const redact = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers["x-wc-webhook-signature"]',
  '*.password',
  '*.accessToken',
  '*.token',
  '*.secret',
  '*.webhookSecret',
  '*.email',
  '*.phone',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redact, censor: '[redacted]' }, base: { app: 'rapport' } }, destination);
}
