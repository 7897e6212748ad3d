import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    ignores: ['src/service-worker/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // The service worker is compiled on its own into a classic script: service-worker globals, type imports only.
  {
    files: ['src/service-worker/**/*.ts'],
    languageOptions: { globals: globals.serviceworker },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['*'], allowTypeImports: true, message: 'sw.ts is not bundled: it may import types only.' },
      ] }],
      'no-restricted-globals': ['error', 'window', 'document', 'localStorage', 'sessionStorage'],
    },
  },
  // One-way layering: protocol <- engine <- worker <- app.
  {
    files: ['src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/engine/**', '**/worker/**', '**/app/**'], message: 'protocol/ is the bottom layer: it imports nothing above it.' },
        { group: ['node:*', 'fs', 'path', 'ws', 'idb', 'react', 'react-dom'], message: 'protocol/ is pure: no I/O.' },
      ] }],
      'no-restricted-globals': ['error', 'window', 'document', 'fetch', 'WebSocket', 'indexedDB', 'navigator'],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/worker/**', '**/app/**', '**/node/**'], message: 'engine/ must not import the worker host, the app or the Node host.' },
        { group: ['react', 'react-dom', 'idb'], message: 'engine/ is DOM-free; storage back-ends are injected.' },
      ] }],
      'no-restricted-globals': ['error', 'window', 'document'],
    },
  },
  // Node-only host code (CLI, tests): it may use node:*, and sits beside the worker host, not above it.
  {
    files: ['src/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/worker/**', '**/app/**', 'react', 'react-dom', 'idb'], message: 'src/node/ is the Node host: it must not import the worker host or the app.' },
      ] }],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/app/**', 'react', 'react-dom'], message: 'the worker host must not import the app.' },
      ] }],
    },
  },
);
