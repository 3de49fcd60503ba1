// Layer rules from docs/DESIGN.md made into lint errors, plus typescript-eslint's type-aware checks.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const ban = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const coreBans = [
  {
    group: ['electron', 'react', 'react-dom', '**/renderer/**', '**/electron/main/**', '**/electron/preload/**'],
    message: 'electron/core is plain Node: take platform powers through ports.ts',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      '.native/**',
      'test-results/**',
      'playwright-report/**',
      'e2e/artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['*.config.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['shared/**'],
    rules: ban([
      {
        group: [
          'electron',
          'node:*',
          'fs',
          'path',
          'better-sqlite3',
          'react',
          'react-dom',
          '**/electron/**',
          '**/renderer/**',
        ],
        message: 'shared/ must run everywhere: no Node, Electron, DOM or React',
      },
    ]),
  },
  {
    files: ['electron/core/**'],
    ignores: ['electron/core/db/sqlite.ts'],
    rules: ban([...coreBans, { group: ['better-sqlite3'], message: 'Only db/sqlite.ts constructs the SQLite driver' }]),
  },
  { files: ['electron/core/db/sqlite.ts'], rules: ban(coreBans) },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...ban([
        {
          group: ['electron', 'node:*', 'fs', 'path', 'better-sqlite3', '**/electron/**'],
          message: 'The renderer reaches the core only through renderer/src/api',
        },
      ]),
    },
  },
  {
    files: ['renderer/src/**'],
    ignores: ['renderer/src/api/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'flightdeck', message: 'Use renderer/src/api' },
      ],
    },
  },
);
