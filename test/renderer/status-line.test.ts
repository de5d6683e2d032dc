import { describe, expect, it } from 'vitest';
import type { LibraryStatus } from '../../src/shared/api.js';
import { messagesFor, pickLocale } from '../../src/renderer/i18n/messages.js';
import { formatStatusLine } from '../../src/renderer/status-line.js';

const ready: LibraryStatus = {
  appVersion: '0.1.0', engineReady: true, folderCount: 2, photoCount: 1234, pendingCount: 0, failedCount: 0, job: null, provider: null,
};

describe('pickLocale', () => {
  it('follows the first preferred language Loupe has a table for', () => {
    expect(pickLocale(['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(pickLocale(['zh-TW'])).toBe('zh-CN');
    expect(pickLocale(['en-GB', 'zh-CN'])).toBe('en');
    expect(pickLocale(['fr-FR', 'zh-Hans-CN'])).toBe('zh-CN');
    expect(pickLocale(['fr-FR'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });
});

describe('formatStatusLine', () => {
  const en = messagesFor('en');
  const zh = messagesFor('zh-CN');

  it('summarises an idle library in the chosen language', () => {
    expect(formatStatusLine(ready, en)).toBe('2 folders · 1,234 photos · Up to date');
    expect(formatStatusLine(ready, zh)).toBe('2 个文件夹 · 1,234 张照片 · 已是最新');
    expect(formatStatusLine({ ...ready, folderCount: 1, photoCount: 1 }, en)).toBe('1 folder · 1 photo · Up to date');
  });

  it('shows the running job and failures', () => {
    const running: LibraryStatus = {
      ...ready,
      failedCount: 3,
      job: { jobId: 'j', kind: 'index', state: 'running', phase: 'analyze',
      stages: [], done: 40, total: 100, failed: 3, rate: 5, etaSeconds: 12, current: '/p/a.jpg' },
    };
    expect(formatStatusLine(running, en)).toBe('2 folders · 1,234 photos · Reading photos 40/100 · 3 files failed');
  });

  it('never says "Up to date" while indexing is paused or photos wait, and counts the waiting photos too', () => {
    const job = { jobId: 'j', kind: 'index', state: 'paused' as const, phase: 'analyze' as const, done: 11, total: 144, failed: 0, rate: 0, etaSeconds: null, current: null, stages: [] };
    expect(formatStatusLine({ ...ready, photoCount: 11, pendingCount: 133, job }, en)).toBe('2 folders · 144 photos · Paused 11/144');
    expect(formatStatusLine({ ...ready, photoCount: 11, pendingCount: 133 }, en)).toBe('2 folders · 144 photos · 133 not indexed yet');
  });

  it('says the job waits for another Loupe writing the library, not its phase at 0/0', () => {
    const job = { jobId: 'j', kind: 'index', state: 'running' as const, phase: 'scan' as const, done: 0, total: 0, failed: 0, rate: 0, etaSeconds: null, current: null, stages: [],
      waitingFor: { command: 'loupe index', since: '2026-12-06T03:17:16.000Z' } };
    expect(formatStatusLine({ ...ready, job }, zh)).toBe('2 个文件夹 · 1,234 张照片 · 正在等待另一个 Loupe');
    expect(formatStatusLine({ ...ready, job }, en)).toBe('2 folders · 1,234 photos · Waiting for another Loupe');
  });

  it('says when the engine is not connected, with the app version', () => {
    const line = formatStatusLine({ ...ready, engineReady: false }, en);
    expect(line).toContain('0.1.0');
    expect(line).toContain(en.engineNotReady);
  });
});
