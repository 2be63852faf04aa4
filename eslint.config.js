import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The CRM domain is platform-neutral: it never reaches into adapters or HTTP.
    files: ['src/crm/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/platforms/**', '**/http/**', 'express', 'better-sqlite3'] }],
    },
  },
);
