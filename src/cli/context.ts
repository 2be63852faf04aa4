import { loadConfig } from '../config/config.ts';
import { createLogger } from '../lib/logger.ts';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.ts';

/** An expected failure: printed as one line, exit code 1. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Opens the configured database (applying migrations) for one command and closes it after. */
export async function withRuntime<T>(work: (runtime: Runtime) => Promise<T> | T, options: RuntimeOptions = {}): Promise<T> {
  const config = loadConfig(process.env);
  const runtime = await createRuntime(config, createLogger(process.env.LOG_LEVEL ?? 'warn'), options);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
