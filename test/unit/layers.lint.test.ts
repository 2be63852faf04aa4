import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js, run through ESLint itself on snippets placed (by file
// path) in each folder: a violation must be reported, a clean import must not.

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    { title: 'http reaching db', file: 'src/http/admin/x.ts', code: "import { x } from '../../db/queries/customers.query.ts';" },
    { title: 'http reaching the tenancy repo', file: 'src/http/x.ts', code: "import { x } from '../db/tenancy.repo.ts';" },
    { title: 'jobs reaching db', file: 'src/jobs/x.ts', code: "import { x } from '../db/store.ts';" },
    { title: 'crm reaching db', file: 'src/crm/customers/x.ts', code: "import { x } from '../../db/client.ts';" },
    { title: 'crm reaching platforms', file: 'src/crm/x.ts', code: "import { x } from '../platforms/shopify/normalise.ts';" },
    { title: 'crm reaching http', file: 'src/crm/loyalty/x.ts', code: "import { x } from '../../http/errors.ts';" },
    { title: 'crm reaching jobs', file: 'src/crm/x.ts', code: "import { x } from '../jobs/inbox.worker.ts';" },
    { title: 'crm reaching a driver', file: 'src/crm/x.ts', code: "import { x } from 'better-sqlite3';" },
    { title: 'crm reaching the composition root', file: 'src/crm/x.ts', code: "import { x } from '../runtime.ts';" },
    { title: 'platforms reaching db', file: 'src/platforms/shopify/x.ts', code: "import { x } from '../../db/sync.repo.ts';" },
    { title: 'platforms reaching http', file: 'src/platforms/x.ts', code: "import { x } from '../http/errors.ts';" },
    { title: 'platforms reaching jobs', file: 'src/platforms/woocommerce/x.ts', code: "import { x } from '../../jobs/inbox.worker.ts';" },
    { title: 'db reaching http', file: 'src/db/x.ts', code: "import { x } from '../http/errors.ts';" },
    { title: 'db reaching platforms', file: 'src/db/repos/x.ts', code: "import { x } from '../../platforms/adapter.ts';" },
    { title: 'db reaching jobs', file: 'src/db/x.ts', code: "import { x } from '../jobs/delivery-bounds.ts';" },
    { title: 'lib reaching crm', file: 'src/lib/x.ts', code: "import { x } from '../crm/events.ts';" },
    { title: 'lib reaching config', file: 'src/lib/x.ts', code: "import { x } from '../config/config.ts';" },
    {
      title: 'http reaching the Redis adapter',
      file: 'src/http/storefront/x.ts',
      code: "import { x } from '../../shared-state/redis.ts';",
    },
    {
      title: 'platforms reaching the Redis adapter',
      file: 'src/platforms/shopify/x.ts',
      code: "import { x } from '../../shared-state/redis.ts';",
    },
    { title: 'jobs reaching the Redis adapter', file: 'src/jobs/x.ts', code: "import { x } from '../shared-state/redis.ts';" },
    { title: 'db reaching the Redis adapter', file: 'src/db/x.ts', code: "import { x } from '../shared-state/redis.ts';" },
    { title: 'crm reaching the Redis adapter', file: 'src/crm/x.ts', code: "import { x } from '../shared-state/redis.ts';" },
    { title: 'shared-state reaching db', file: 'src/shared-state/x.ts', code: "import { x } from '../db/sql/database.ts';" },
    { title: 'shared-state reaching http', file: 'src/shared-state/x.ts', code: "import { x } from '../http/errors.ts';" },
    { title: 'shared-state reaching crm', file: 'src/shared-state/x.ts', code: "import { x } from '../crm/events.ts';" },
    { title: 'crm reaching a channel', file: 'src/crm/messaging/x.ts', code: "import { x } from '../../channels/email/email.channel.ts';" },
    { title: 'http reaching a channel', file: 'src/http/admin/x.ts', code: "import { x } from '../../channels/email/email.channel.ts';" },
    { title: 'jobs reaching a channel', file: 'src/jobs/x.ts', code: "import { x } from '../channels/email/email.channel.ts';" },
    { title: 'a channel reaching db', file: 'src/channels/email/x.ts', code: "import { x } from '../../db/store.ts';" },
    { title: 'a channel reaching http', file: 'src/channels/email/x.ts', code: "import { x } from '../../http/errors.ts';" },
  ])('reports $title', async ({ file, code }) => {
    expect(await layerErrors(file, code)).toHaveLength(1);
  });

  it.each([
    {
      title: 'http using a crm port',
      file: 'src/http/admin/x.ts',
      code: "import { x } from '../../crm/customers/customer-queries.port.ts';",
    },
    { title: 'crm using lib', file: 'src/crm/customers/x.ts', code: "import { x } from '../../lib/money.ts';" },
    { title: 'platforms using crm', file: 'src/platforms/shopify/x.ts', code: "import { x } from '../../crm/events.ts';" },
    { title: 'db implementing a crm port', file: 'src/db/repos/x.ts', code: "import { x } from '../../crm/store.port.ts';" },
    { title: 'lib using lib', file: 'src/lib/x.ts', code: "import { x } from './crypto.ts';" },
    { title: 'the composition root wiring db', file: 'src/runtime.ts', code: "import { x } from './db/store.ts';" },
    { title: 'the CLI wiring db', file: 'src/cli/commands/x.ts', code: "import { x } from '../../db/client.ts';" },
    { title: 'http using the shared-state port', file: 'src/http/admin/x.ts', code: "import { x } from '../../lib/shared-state.ts';" },
    { title: 'db implementing the shared-state port', file: 'src/db/x.ts', code: "import { x } from '../lib/shared-state.ts';" },
    { title: 'shared-state implementing its port', file: 'src/shared-state/x.ts', code: "import { x } from '../lib/shared-state.ts';" },
    { title: 'the composition root wiring Redis', file: 'src/runtime.ts', code: "import { x } from './shared-state/redis.ts';" },
    {
      title: 'a channel implementing a crm port',
      file: 'src/channels/email/x.ts',
      code: "import { x } from '../../crm/messaging/channel.port.ts';",
    },
    {
      title: 'the composition root wiring a channel',
      file: 'src/runtime.messaging.ts',
      code: "import { x } from './channels/email/email.channel.ts';",
    },
  ])('allows $title', async ({ file, code }) => {
    expect(await layerErrors(file, code)).toEqual([]);
  });
});

describe('the admin panel takes only API schema types from src/', () => {
  async function webErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(`${code}\nexport type Used = typeof x;\n`, { filePath });
    return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
  }

  it.each([
    {
      title: 'a route file',
      file: 'web/src/x.ts',
      code: "import { x } from '../../src/http/admin/registry.ts';",
      says: /only the API schemas/,
    },
    {
      title: 'a domain file, even as a type',
      file: 'web/src/hooks/x.ts',
      code: "import type { x } from '../../../src/crm/loyalty/program.settings.ts';",
      says: /only the API schemas/,
    },
    {
      title: 'a schema file as a value (zod in the bundle)',
      file: 'web/src/pages/x.tsx',
      code: "import { x } from '../../../src/http/admin/loyalty.schemas.ts';",
      says: /import type/,
    },
  ])('reports $title', async ({ file, code, says }) => {
    const errors = await webErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(says);
  });

  it.each([
    { title: 'a schema file as a type', file: 'web/src/api.ts', code: "import type { x } from '../../src/http/admin/loyalty.schemas.ts';" },
    {
      title: 'a storefront schema as a type',
      file: 'web/src/components/home/x.ts',
      code: "import type { x } from '../../../../src/http/storefront/storefront.schemas.ts';",
    },
    { title: "lib/money.ts's exponents", file: 'web/src/format.ts', code: "import { x } from '../../src/lib/money.ts';" },
    {
      title: 'the widget it previews',
      file: 'web/src/components/home/x.ts',
      code: "import { x } from '../../../../extensions/rapport-widget/src/api.ts';",
    },
  ])('allows $title', async ({ file, code }) => {
    expect(await webErrors(file, code)).toEqual([]);
  });
});
