// The layer rules in eslint.config.js, checked through ESLint's own API on small sources placed at
// virtual paths inside the repo (lintText with a filePath: nothing is written to disk).
import { ESLint, type Linter } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';

let eslint: ESLint;

beforeAll(() => {
  // The fixtures exist only in memory, so no TypeScript program holds them: the type-aware rules are off
  // for them (test/lint/type-aware.test.ts checks those on a file on disk). Everything else is the
  // project's own configuration.
  eslint = new ESLint({
    cwd: REPO_ROOT,
    overrideConfig: { files: ['**/__fixture__.*'], ...tseslint.configs.disableTypeChecked },
  });
});

async function lint(relPath: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, relPath) });
  return result.messages;
}

/** Messages from the layering rules (no-restricted-imports / no-restricted-globals). */
async function layerErrors(relPath: string, code: string): Promise<Linter.LintMessage[]> {
  const messages = await lint(relPath, code);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals');
}

const importing = (specifier: string): string => `import * as m from '${specifier}';\nexport const used = m;\n`;

describe('layer direction', () => {
  it.each([
    ['src/main/engine/__fixture__.ts', 'electron'],
    ['src/main/engine/catalog/__fixture__.ts', 'electron/main'],
    ['src/main/engine/__fixture__.ts', '../electron/window.js'],
    ['src/main/engine/scan/__fixture__.ts', '../../../renderer/api/client.js'],
    ['src/main/engine/__fixture__.ts', '../cli/main.js'],
    ['src/main/worker/__fixture__.ts', 'electron'],
    ['src/main/cli/__fixture__.ts', 'electron'],
    ['src/main/cli/__fixture__.ts', '../electron/backend.js'],
    ['src/main/server/__fixture__.ts', 'electron'],
    ['src/main/server/__fixture__.ts', '../../preload/bridge.js'],
    ['src/renderer/__fixture__.ts', 'node:fs'],
    ['src/renderer/__fixture__.ts', 'fs/promises'],
    ['src/renderer/components/__fixture__.ts', 'path'],
    ['src/renderer/__fixture__.ts', 'electron'],
    ['src/renderer/__fixture__.ts', 'better-sqlite3'],
    ['src/renderer/__fixture__.ts', '../main/engine/engine.js'],
    ['src/renderer/api/__fixture__.ts', '../../preload/bridge.js'],
    ['src/shared/__fixture__.ts', '../main/engine/home.js'],
    ['src/shared/__fixture__.ts', '../renderer/api/client.js'],
    ['src/shared/__fixture__.ts', 'node:path'],
    ['src/shared/__fixture__.ts', 'electron'],
    ['src/preload/__fixture__.ts', 'node:fs'],
    ['src/preload/__fixture__.ts', 'vue'],
    ['src/preload/__fixture__.ts', '../main/electron/ipc.js'],
    ['src/preload/__fixture__.ts', '../renderer/api/client.js'],
    ['src/main/electron/__fixture__.ts', '../../renderer/api/client.js'],
  ])('%s may not import %s', async (file, specifier) => {
    const errors = await layerErrors(file, importing(specifier));
    expect(errors).toHaveLength(1);
    expect(errors[0].severity).toBe(2);
  });

  it('catches type-only imports and re-exports too', async () => {
    expect(await layerErrors('src/main/engine/__fixture__.ts', "import type { App } from 'electron';\nexport type A = App;\n")).toHaveLength(1);
    expect(await layerErrors('src/renderer/__fixture__.ts', "export { readFile } from 'node:fs';\n")).toHaveLength(1);
  });

  it('keeps Node and DOM globals out of src/shared', async () => {
    expect(await layerErrors('src/shared/__fixture__.ts', 'export const cwd = process.cwd();\n')).toHaveLength(1);
    expect(await layerErrors('src/shared/__fixture__.ts', 'export const here = window.location.href;\n')).toHaveLength(1);
  });

  it.each([
    ['src/main/engine/__fixture__.ts', ['node:fs', 'better-sqlite3', 'sharp', '../../shared/api.js', './catalog/database.js']],
    ['src/main/cli/__fixture__.ts', ['node:path', '../engine/engine.js', '../../shared/library-types.js']],
    ['src/main/electron/__fixture__.ts', ['electron', 'node:path', '../engine/engine.js', '../../shared/api.js', './csp.js']],
    ['src/preload/__fixture__.ts', ['electron', '../shared/api.js', './bridge.js']],
    ['src/renderer/__fixture__.ts', ['vue', '../shared/api.js', './api/client.js']],
    ['src/renderer/api/__fixture__.ts', ['../../shared/api.js', './electron-transport.js']],
    ['src/shared/__fixture__.ts', ['./api.js', './library-types.js']],
  ])('%s may import what its layer allows', async (file, specifiers) => {
    for (const specifier of specifiers) {
      // No message at all: also proves the fixture is otherwise lint-clean, so the failures above
      // are the layer rules and nothing else.
      expect(await lint(file, importing(specifier)), specifier).toEqual([]);
    }
  });

  it('holds in Vue components too: their <script> is parsed and checked like any renderer file', async () => {
    const component = (specifier: string): string =>
      `<script setup lang="ts">\nimport * as m from '${specifier}';\nconst used = m;\n</script>\n\n<template>\n  <p>{{ used }}</p>\n</template>\n`;
    for (const [file, specifier] of [
      ['src/renderer/components/__fixture__.vue', 'node:fs'],
      ['src/renderer/components/__fixture__.vue', 'electron'],
      ['src/renderer/views/__fixture__.vue', '../../main/engine/engine.js'],
      ['src/renderer/__fixture__.vue', '../preload/bridge.js'],
    ]) {
      expect(await layerErrors(file, component(specifier)), `${file} importing ${specifier}`).toHaveLength(1);
    }
    // The same component importing what the renderer may import is clean: no message at all.
    expect(await lint('src/renderer/components/__fixture__.vue', component('../../shared/api.js'))).toEqual([]);
    // Vue's own rules run on templates: a v-for without a key is reported.
    const unkeyed = '<script setup lang="ts">\nconst items = [1, 2];\n</script>\n\n<template>\n  <ul><li v-for="i in items">{{ i }}</li></ul>\n</template>\n';
    expect((await lint('src/renderer/components/__fixture__.vue', unkeyed)).map((m) => m.ruleId)).toContain('vue/require-v-for-key');
  });

  it('leaves tests free to import across layers', async () => {
    expect(await lint('test/main/__fixture__.test.ts', importing('../../src/main/electron/csp.js'))).toEqual([]);
  });
});
