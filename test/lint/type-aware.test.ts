// The type-aware rules (unawaited promises) need a file TypeScript's program holds, so this one writes a
// small source under test/lint/ (inside tsconfig.json's include), lints it, and removes it.
import { ESLint } from 'eslint';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/fixtures.js';

const file = path.join(REPO_ROOT, 'test', 'lint', `type-aware-fixture-${process.pid}.ts`);
afterAll(() => fs.rmSync(file, { force: true }));

describe('type-aware lint', () => {
  it('reports a promise nobody awaits and an async callback where a void one is expected, and not their fixed forms', async () => {
    fs.writeFileSync(file, [
      'async function save(): Promise<void> {}',
      'export function bad(items: number[]): void {',
      '  save();',
      '  items.forEach(async () => { await save(); });',
      '}',
      'export async function good(items: number[]): Promise<void> {',
      '  await save();',
      '  void save();',
      '  for (const _ of items) await save();',
      '}',
      '',
    ].join('\n'));
    const [result] = await new ESLint({ cwd: REPO_ROOT }).lintFiles([file]);
    expect(result.messages.map((m) => [m.line, m.ruleId])).toEqual([
      [3, '@typescript-eslint/no-floating-promises'],
      [4, '@typescript-eslint/no-misused-promises'],
    ]);
  }, 120_000);
});
