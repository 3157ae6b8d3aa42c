// See: https://eslint.org/docs/latest/use/configure/configuration-files (after actions/typescript-action's
// eslint.config.mjs: eslint's and typescript-eslint's recommended rules; formatting is Prettier's, checked by
// `prettier --check` in `npm run lint`).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { defineConfig } from 'eslint/config';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers of src/, lowest first: a folder imports only from its own layer and those below it. The
 * files at src/'s root (errors.ts, version.ts) sit below them all.
 */
const LAYERS = [
  ['util'],
  // Parsers of etcd configuration and of histories: they know nothing of a cluster this product runs.
  ['lint', 'history'],
  // The cluster (its spec, flags, start) and what it is made of: etcd's client and releases, the PKI.
  ['cluster', 'etcd', 'pki'],
  ['targets'],
  ['checks'],
  ['report'],
  // The options (CLI flags and action inputs), parsed into what the layers below take.
  ['options'],
  ['run'],
  // The two front ends, each on its own: neither imports the other.
  ['action', 'cli'],
  ['entrypoints'],
];

/**
 * The option reader (options/reader.ts) is the one file of options/ that the layers from targets/ up to
 * options/ may take: each target parses its own options with it.
 */
const READER = { folder: 'options', file: './reader.ts', from: 'targets' };
const readerLayer = LAYERS.findIndex((layer) => layer.includes(READER.from));

/** One zone per layer: its folders may not import from any folder of a higher layer. */
const layerZones = LAYERS.slice(0, -1).map((layer, index) => {
  const higher = LAYERS.slice(index + 1);
  return {
    target: layer.map((folder) => `./src/${folder}`),
    from: higher
      .flat()
      .filter((folder) => index < readerLayer || folder !== READER.folder)
      .map((folder) => `./src/${folder}`),
    message: `${layer.join(', ')} sits below ${higher.map((folders) => folders.join(', ')).join('; ')}.`,
  };
});

/** Narrower boundaries inside and beside the layers. */
const folderZones = [
  {
    target: LAYERS.slice(
      readerLayer,
      LAYERS.findIndex((layer) => layer.includes(READER.folder)),
    )
      .flat()
      .map((folder) => `./src/${folder}`),
    from: `./src/${READER.folder}`,
    except: [READER.file],
    message: `Of ${READER.folder}/, only the option reader (${READER.file}) is below this layer.`,
  },
  {
    target: './src/cluster',
    from: './src/pki',
    except: ['./layout.ts', './key-algorithm.ts'],
    message:
      "The cluster takes only the PKI's file layout and key algorithms from pki/; the rest of pki/ builds on it.",
  },
  {
    target: './src/cluster',
    from: './src/etcd',
    except: ['./client.ts'],
    message: "The cluster takes only etcd's client from etcd/; the rest of etcd/ builds on it.",
  },
  {
    target: ['./src/errors.ts', './src/version.ts'],
    from: LAYERS.flat().map((folder) => `./src/${folder}`),
    message: "The files at src/'s root sit below every folder.",
  },
  { target: './src/action', from: './src/cli', message: 'The action does not import the CLI.' },
  { target: './src/cli', from: './src/action', message: 'The CLI does not import the action.' },
];

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
  // Imports of src/: no cycle, and no folder importing from a layer above its own. eslint-plugin-import-x
  // (the maintained fork of eslint-plugin-import) has both rules (no-cycle, no-restricted-paths), reads
  // ESLint's flat config natively, and resolves TypeScript's `./file.js` imports to their .ts files through
  // eslint-import-resolver-typescript, which reads tsconfig.json.
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      // A cycle of imports that run (an `import type` runs nothing, so the rule passes it by; the layers
      // below catch one that crosses folders).
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    // A test may reach anywhere for its fakes and fixtures.
    ignores: ['src/**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...folderZones] }],
    },
  },
);
