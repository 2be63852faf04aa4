import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers (src/README.md): dependencies point inward. Each folder below names what it must never
// import; test/unit/layers.lint.test.ts proves each rule bites. The composition root (main.ts,
// runtime*.ts, composition.ts, cli/, demo/) may import anything: it alone wires concrete adapters.
const ours = {
  db: { group: ['**/db/**', '**/db/*'], message: 'db/ is reached only through crm ports, wired in the composition root.' },
  http: { group: ['**/http/**', '**/http/*'], message: 'Nothing depends on the HTTP edge.' },
  jobs: { group: ['**/jobs/**', '**/jobs/*'], message: 'Nothing depends on jobs/.' },
  platforms: { group: ['**/platforms/**', '**/platforms/*'], message: 'Platform adapters are wired in by the composition root.' },
  channels: {
    group: ['**/channels/**', '**/channels/*'],
    message: 'Message channels (email, WhatsApp…) are wired in by the composition root.',
  },
  sharedState: {
    group: ['**/shared-state/**', '**/shared-state/*'],
    message: 'shared-state/ (Redis) is reached through lib/shared-state.ts, wired in by the composition root.',
  },
  root: {
    group: [
      '**/src/main*',
      '**/src/runtime*',
      '**/src/composition*',
      '**/src/shopify-app*',
      '**/cli/**',
      '**/demo/**',
      '../main*',
      '../runtime*',
      '../composition*',
      '../shopify-app*',
      '../../main*',
      '../../runtime*',
      '../../composition*',
      '../../shopify-app*',
    ],
    message: 'The composition root imports layers, never the reverse.',
  },
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const storage = {
  group: ['express', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*', '@shopify/*'],
  message: 'The domain is storage-, platform- and HTTP-neutral.',
};

// db adapters of ports that platforms/ owns (Shopify sessions and installs): they may name those platform types until the ports move.
const platformStorageAdapters = ['src/db/shopify-sessions.repo.ts', 'src/db/shopify-installs.repo.ts'];

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', 'web/dist', 'artifacts', 'bin', '.scratch', 'extensions/rapport-theme/assets'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests read JSON API responses loosely.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The CRM domain imports only lib/ (and its own folders).
    files: ['src/crm/**/*.ts'],
    rules: restrict(ours.db, ours.http, ours.jobs, ours.platforms, ours.channels, ours.root, ours.sharedState, storage, {
      group: ['**/config/**', '**/inbox/**'],
      message: 'crm/ imports only lib/.',
    }),
  },
  {
    // Platforms implement crm ports and call out; storage and the edge are wired in by the root.
    files: ['src/platforms/**/*.ts'],
    rules: restrict(ours.db, ours.http, ours.jobs, ours.root, ours.sharedState),
  },
  {
    // db implements crm ports.
    files: ['src/db/**/*.ts'],
    ignores: platformStorageAdapters,
    rules: restrict(ours.http, ours.jobs, ours.platforms, ours.channels, ours.root, ours.sharedState),
  },
  {
    // Channels implement crm's MessageChannel port and call out (SMTP, WhatsApp); storage and the edge are wired in by the root.
    files: ['src/channels/**/*.ts'],
    rules: restrict(ours.db, ours.http, ours.jobs, ours.platforms, ours.root, ours.sharedState),
  },
  {
    files: platformStorageAdapters,
    rules: restrict(ours.http, ours.jobs, ours.root),
  },
  {
    // The edge reaches storage only through crm services and ports.
    files: ['src/http/**/*.ts'],
    rules: restrict(ours.db, ours.sharedState, ours.channels),
  },
  {
    // Jobs call services and ports, never storage.
    files: ['src/jobs/**/*.ts'],
    rules: restrict(ours.db, ours.sharedState, ours.channels),
  },
  {
    // The Redis adapter of lib/shared-state.ts's port: lib/ and its packages only.
    files: ['src/shared-state/**/*.ts'],
    rules: restrict(ours.db, ours.http, ours.jobs, ours.platforms, ours.root, {
      group: ['**/crm/**', '**/crm/*', '**/config/**', '**/inbox/**'],
      message: 'shared-state/ implements lib/shared-state.ts over Redis: it imports only lib/.',
    }),
  },
  {
    // The admin panel takes from the server only the types of the API's schemas (*.schemas.ts,
    // type-only so the bundle carries no server code or zod) and lib/money.ts's currency exponents.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Up to the repository root, then into src/: anything but a schema file or lib/money.ts.
              regex: '^(\\.\\./)+src/(?!lib/money\\.ts$)(?!.*\\.schemas\\.ts$)',
              message: 'web/ imports from src/ only the API schemas (*.schemas.ts, as types) and lib/money.ts.',
            },
            {
              regex: '^(\\.\\./)+src/.*\\.schemas\\.ts$',
              allowTypeImports: true,
              message: 'Import API schemas with `import type`: the panel needs their types, not zod.',
            },
          ],
        },
      ],
    },
  },
  {
    // lib/ is the leaf every layer may use: it imports nothing of ours.
    files: ['src/lib/**/*.ts'],
    rules: restrict({ group: ['../*', '../**'], message: 'lib/ imports nothing of ours.' }),
  },
);
