// ESLint flat config. Beyond typescript-eslint's recommended rules, its job is to hold Loupe's
// layering in place, so that the engine keeps running without Electron (CLI, `loupe serve`) and the
// UI keeps running without Node (sandboxed renderer, plain browser):
//
//   src/shared    -> nothing of main/renderer/preload, Node, Electron (types + the API contract)
//   src/main/{engine,worker,cli,server,backend} -> never electron, src/main/electron, src/renderer, src/preload
//   src/main/engine additionally never imports src/main/cli, server or backend (they drive it)
//   src/main/electron -> anything in main + shared (the only folder that imports 'electron')
//   src/preload   -> only 'electron' and src/shared (it runs sandboxed: nothing else is requireable)
//   src/renderer  -> never Node builtins, electron, native packages, src/main, src/preload
//
// Enforced with `no-restricted-imports` per folder. Relative imports are matched by their path
// segments (e.g. '../../main/engine/x.js' contains the segment `main`), which is why no folder
// inside a layer may be named like another layer.
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import pluginVue from 'eslint-plugin-vue';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Native or Node-only packages: they must never be reached from the renderer or shared code. */
const NODE_ONLY_PACKAGES = ['better-sqlite3', 'sharp', 'onnxruntime-node', 'hnswlib-node', '@parcel/watcher', 'exifr', 'libheif-js', 'trash'];

/** A bare specifier and its subpaths, e.g. `electron` and `electron/main`. */
const packages = (names) => `^(${names.map(escapeRegex).join('|')})(/.*)?$`;
/** A relative specifier passing through a folder with one of these names. */
const relativeThrough = (folders) => `^\\.{1,2}/(.*/)?(${folders.join('|')})(/|$)`;

const NO_NODE_BUILTINS = {
  regex: `^(node:.*|${builtinModules.filter((m) => !m.startsWith('_')).map(escapeRegex).join('|')})(/.*)?$`,
  message: 'Node builtins are not available here.',
};
const NO_ELECTRON = {
  regex: packages(['electron']),
  message: "Only src/main/electron may import 'electron'.",
};
const NO_NODE_ONLY_PACKAGES = {
  regex: packages(NODE_ONLY_PACKAGES),
  message: 'Native/Node-only packages belong to the engine in src/main.',
};

/** What the plain-Node layers (engine, worker, CLI, server) may never import. */
const NODE_SIDE = [
  { ...NO_ELECTRON, message: "The engine, worker, CLI and server run in plain Node: no 'electron' (only src/main/electron may import it)." },
  { regex: relativeThrough(['electron', 'renderer', 'preload']), message: 'Plain-Node code must not import the Electron shell, the preload or the renderer.' },
];

// Each folder gets ONE no-restricted-imports entry: in flat config a later entry for the same rule
// replaces the earlier options instead of adding to them, so folders' globs must not overlap.
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const layerRules = [
  {
    name: 'loupe/layers/shared',
    files: ['src/shared/**'],
    rules: {
      ...restrict(
        NO_NODE_BUILTINS,
        NO_ELECTRON,
        NO_NODE_ONLY_PACKAGES,
        { regex: relativeThrough(['main', 'renderer', 'preload']), message: 'src/shared is the bottom layer: it imports only from src/shared.' },
      ),
      // No Node and no DOM: the contract compiles for the engine and for the browser alike.
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global']
          .map((name) => ({ name, message: 'src/shared must use neither Node nor DOM globals.' })),
      ],
    },
  },
  {
    name: 'loupe/layers/node-side',
    files: ['src/main/worker/**', 'src/main/cli/**', 'src/main/server/**', 'src/main/backend/**'],
    rules: restrict(...NODE_SIDE),
  },
  {
    // The engine is the bottom of main: the CLI and the server drive it, never the reverse.
    name: 'loupe/layers/engine',
    files: ['src/main/engine/**'],
    rules: restrict(
      ...NODE_SIDE,
      { regex: relativeThrough(['cli', 'server', 'backend']), message: 'The engine must not depend on the CLI, the server or the API backend that drive it.' },
    ),
  },
  {
    name: 'loupe/layers/electron-shell',
    files: ['src/main/electron/**'],
    rules: restrict({ regex: relativeThrough(['renderer', 'preload']), message: 'The main process reaches the renderer and preload through IPC, not imports.' }),
  },
  {
    name: 'loupe/layers/preload',
    files: ['src/preload/**'],
    rules: restrict(
      // Any bare package but 'electron', and absolute paths.
      { regex: '^(?!electron$)(?![.]{1,2}/)', message: "A sandboxed preload can only require 'electron'; share code through src/shared." },
      { regex: relativeThrough(['main', 'renderer']), message: 'The preload imports only electron and src/shared.' },
    ),
  },
  {
    name: 'loupe/layers/renderer',
    files: ['src/renderer/**'],
    rules: restrict(
      { ...NO_NODE_BUILTINS, message: 'The renderer runs sandboxed (and in a plain browser): no Node builtins.' },
      { ...NO_ELECTRON, message: "The renderer talks to the backend through src/renderer/api/client.ts, never 'electron'." },
      NO_NODE_ONLY_PACKAGES,
      { regex: relativeThrough(['main', 'preload']), message: 'The renderer imports only from src/renderer and src/shared (the API contract).' },
    ),
  },
];

// Globals of plain .js/.mjs files (the bin and build scripts run in Node). TypeScript checks its own
// files, so no-undef is off there (typescript-eslint's recommended config turns it off).
const NODE_GLOBALS = Object.fromEntries(
  ['process', 'console', 'Buffer', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
    'setImmediate', 'clearImmediate', 'queueMicrotask', 'structuredClone', 'fetch', 'AbortController', 'AbortSignal',
    'TextEncoder', 'TextDecoder', 'performance'].map((name) => [name, 'readonly']),
);

// Type-aware rules read the TypeScript programs: tsconfig.json (Node side, tests, scripts, benches) and
// tsconfig.web.json (the renderer and the .vue components). .vue files reach TypeScript through
// vue-eslint-parser, which hands their <script> to typescript-eslint's parser.
const typeAware = {
  parserOptions: {
    project: ['./tsconfig.json', './tsconfig.web.json'],
    tsconfigRootDir: import.meta.dirname,
    extraFileExtensions: ['.vue'],
  },
};

export default defineConfig(
  globalIgnores(['out/**', 'dist/**', 'dist-app/**', 'node_modules/**', 'resources/**', 'test-output/**', '.gpu/**', '.gl/**'], 'loupe/ignores'),
  {
    name: 'loupe/linter-options',
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  { name: 'loupe/js-recommended', ...js.configs.recommended },
  ...tseslint.configs.recommended,
  // Vue's essential rules: what would break a component (no formatting rules).
  ...pluginVue.configs['flat/essential'],
  {
    name: 'loupe/typescript-type-aware',
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: { ...typeAware },
    rules: {
      // A promise nobody awaits loses its errors (an unhandled rejection) and its ordering.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a void callback is expected (an event handler, forEach) does the same.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    name: 'loupe/vue',
    files: ['**/*.vue'],
    languageOptions: {
      parser: vueParser,
      parserOptions: { ...typeAware.parserOptions, parser: tseslint.parser, sourceType: 'module' },
    },
    // vue-tsc resolves names in components (DOM globals included); no-undef would only misfire.
    rules: { 'no-undef': 'off' },
  },
  {
    name: 'loupe/node-scripts',
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: NODE_GLOBALS },
  },
  {
    name: 'loupe/typescript',
    rules: {
      // Unused arguments named _x document a callback's shape; anything else unused is dead code.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  ...layerRules,
);
