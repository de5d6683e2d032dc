import { describe, expect, it } from 'vitest';
import { LOCALES, localeFor, messagesFor, pickLocale } from '../../../src/renderer/i18n/messages.js';

/** Every leaf of a catalog as [dotted key, rendered text]; functions are called with sample arguments. */
function leaves(node: unknown, prefix = ''): [string, string][] {
  if (typeof node === 'string') return [[prefix, node]];
  if (typeof node === 'function') {
    // Sample arguments of both kinds the catalog's functions take (counts and names/paths).
    const out = (node as (...args: unknown[]) => unknown)(3, 7);
    const named = (node as (...args: unknown[]) => unknown)('IMG_0001.jpg', 'x');
    return [[`${prefix}()`, `${String(out)}|${String(named)}`]];
  }
  if (typeof node === 'object' && node !== null) {
    return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  throw new Error(`unexpected ${typeof node} at ${prefix}`);
}

describe('message catalogs', () => {
  const en = leaves(messagesFor('en'));
  const zh = leaves(messagesFor('zh-CN'));

  it('have exactly the same keys in every language', () => {
    expect(zh.map(([k]) => k).sort()).toEqual(en.map(([k]) => k).sort());
    expect(en.length).toBeGreaterThan(150);
  });

  it('name the system trash one way in Chinese (a card said 将移到回收站 above a button 移到废纸篓)', () => {
    const zhText = zh.map(([, text]) => text).join('\n');
    expect(zhText).toContain('回收站');
    expect(zhText).not.toContain('废纸篓');
  });

  it('have no empty or unrendered values', () => {
    for (const [key, text] of [...en, ...zh]) {
      for (const part of text.split('|')) {
        expect(part.trim(), key).not.toBe('');
        expect(part, key).not.toMatch(/undefined|NaN|\[object/);
      }
    }
  });

  it('are really translated: the Chinese table is Chinese where the English one has words', () => {
    const zhByKey = new Map(zh);
    // Judge functions by their rendering with numbers: with names they echo the (Latin) name.
    const wordsOf = (text: string): string => text.split('|')[0];
    const untranslated = en
      .filter(([, text]) => /[a-z]{3,}/i.test(wordsOf(text)))
      .filter(([key]) => !/[\u4e00-\u9fff]/.test(wordsOf(zhByKey.get(key) ?? '')))
      .map(([key]) => key);
    // Only proper names may stay Latin in Chinese: the app's name, processor names, "English".
    const names = /^(appName|settings\.providerOptions\.\w+|settings\.languageOptions\.en)$/;
    expect(untranslated.filter((key) => !names.test(key))).toEqual([]);
  });

  it('pluralises English counts and formats numbers per locale', () => {
    expect(messagesFor('en').photos(1)).toBe('1 photo');
    expect(messagesFor('en').photos(12345)).toBe('12,345 photos');
    expect(messagesFor('zh-CN').photos(12345)).toBe('12,345 张照片');
  });
});

describe('locale choice', () => {
  it('follows the saved language, else the system languages', () => {
    expect(localeFor('zh', ['en-US'])).toBe('zh-CN');
    expect(localeFor('en', ['zh-CN'])).toBe('en');
    expect(localeFor(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(localeFor(null, ['de-DE', 'en-GB'])).toBe('en');
    expect(localeFor(null, ['de-DE'])).toBe('en');
    expect(pickLocale(['ZH-hans'])).toBe('zh-CN');
    expect(LOCALES).toEqual(expect.arrayContaining(['en', 'zh-CN']));
  });
});
