import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isAppUrl, resolveRendererTarget } from '../../../src/main/electron/renderer-target.js';

const mainDir = path.resolve('/opt/loupe/out/main');

describe('resolveRendererTarget', () => {
  it('loads the built page next to the main bundle', () => {
    expect(resolveRendererTarget({ mainDir, isPackaged: true, devServerUrl: undefined }))
      .toEqual({ kind: 'file', file: path.resolve('/opt/loupe/out/renderer/index.html') });
  });

  it('uses the dev server only in an unpackaged app', () => {
    expect(resolveRendererTarget({ mainDir, isPackaged: false, devServerUrl: 'http://localhost:5173' }))
      .toEqual({ kind: 'url', url: 'http://localhost:5173' });
    // An installed app must not be redirectable to another page through its environment.
    expect(resolveRendererTarget({ mainDir, isPackaged: true, devServerUrl: 'https://evil.example' }).kind).toBe('file');
  });
});

describe('isAppUrl (who may call the API)', () => {
  const fileTarget = resolveRendererTarget({ mainDir, isPackaged: true, devServerUrl: undefined });
  const page = pathToFileURL(path.resolve('/opt/loupe/out/renderer/index.html')).href;

  it('trusts the app page, with any hash or query', () => {
    expect(isAppUrl(page, fileTarget)).toBe(true);
    expect(isAppUrl(`${page}#/duplicates`, fileTarget)).toBe(true);
    expect(isAppUrl(`${page}?x=1`, fileTarget)).toBe(true);
  });

  it('trusts no other file, origin or garbage', () => {
    expect(isAppUrl(pathToFileURL(path.resolve('/home/me/Downloads/evil.html')).href, fileTarget)).toBe(false);
    expect(isAppUrl('https://example.com/', fileTarget)).toBe(false);
    expect(isAppUrl('about:blank', fileTarget)).toBe(false);
    expect(isAppUrl('', fileTarget)).toBe(false);
  });

  it('in development, trusts the dev server origin only', () => {
    const dev = resolveRendererTarget({ mainDir, isPackaged: false, devServerUrl: 'http://localhost:5173/' });
    expect(isAppUrl('http://localhost:5173/src/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl(page, dev)).toBe(false);
  });
});
