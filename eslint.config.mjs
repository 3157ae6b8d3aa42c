// See: https://eslint.org/docs/latest/use/configure/configuration-files (after actions/typescript-action's
// eslint.config.mjs: eslint's and typescript-eslint's recommended rules; formatting is Prettier's, checked by
// `prettier --check` in `npm run lint`).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';

export default defineConfig(
  {
    ignores: ['**/coverage/', '**/dist/', '**/node_modules/', 'fixtures/', 'docs/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      // Node globals for the .mjs/.js scripts (TypeScript files get theirs from tsc; no-undef is off for them).
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // As tsc's noUnusedLocals/noUnusedParameters: a `_` prefix marks a name left unused on purpose (a parameter a
      // signature needs, a property taken out of an object by destructuring its rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
);
