import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatDimensions, formatEta, formatGps, formatPercent } from '../../../src/renderer/i18n/format.js';

describe('formatEta', () => {
  it('reads naturally in English and Chinese at every scale', () => {
    expect(formatEta(42, 'en')).toBe('42 s');
    expect(formatEta(185, 'en')).toBe('3 min 5 s');
    expect(formatEta(180, 'en')).toBe('3 min');
    expect(formatEta(3900, 'en')).toBe('1 h 5 min');
    expect(formatEta(7200, 'en')).toBe('2 h');
    expect(formatEta(42, 'zh-CN')).toBe('42 秒');
    expect(formatEta(185, 'zh-CN')).toBe('3 分 5 秒');
    expect(formatEta(3900, 'zh-CN')).toBe('1 小时 5 分');
  });

  it('is empty while the time left is unknown', () => {
    expect(formatEta(null, 'en')).toBe('');
    expect(formatEta(Number.NaN, 'zh-CN')).toBe('');
    expect(formatEta(-1, 'en')).toBe('');
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal below 100', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024, 'en')).toBe('5 MB');
    expect(formatBytes(123.4 * 1024 * 1024, 'en')).toBe('123 MB');
    expect(formatBytes(3.25 * 1024 ** 3, 'zh-CN')).toBe('3.3 GB');
    expect(formatBytes(-1, 'en')).toBe('—');
  });
});

describe('formatDate', () => {
  it('shows camera wall-clock time in the reader\'s language', () => {
    const en = formatDate('2021-05-03T10:22:11', 'en');
    expect(en).toMatch(/May 3, 2021/);
    expect(en).toMatch(/10:22/);
    const zh = formatDate('2021-05-03T10:22:11', 'zh-CN');
    expect(zh).toMatch(/2021年5月3日/);
    expect(zh).toMatch(/10:22/);
  });

  it('shows a capture time that carries the camera\'s offset as the clock read where it was taken', () => {
    // an evening photo in Missouri (UTC-5): 8:47 PM or 4:47 AM the next day anywhere else would be wrong
    expect(formatDate('2021-04-11T15:47:53-05:00', 'en')).toMatch(/Apr 11, 2021.*3:47/);
    expect(formatDate('2021-04-11T23:30:00-05:00', 'en')).toMatch(/Apr 11, 2021.*11:30/);
    expect(formatDate('2019-05-04T08:05:00+08:00', 'zh-CN')).toMatch(/2019年5月4日.*08:05/);
    expect(formatDate('2021-04-11T23:30:00.5+0530', 'en', false)).toBe('Apr 11, 2021');
  });

  it('shows a bare day as that day in any time zone, and passes odd input through', () => {
    expect(formatDate('2020-01-01', 'en')).toBe('Jan 1, 2020');
    expect(formatDate('2020-01-01', 'zh-CN')).toBe('2020年1月1日');
    expect(formatDate(null, 'en')).toBe('—');
    expect(formatDate('sometime in 1999', 'en')).toBe('sometime in 1999');
  });
});

describe('small formatters', () => {
  it('formats percentages, dimensions and coordinates', () => {
    expect(formatPercent(0.873, 'en')).toBe('87%');
    expect(formatPercent(1, 'zh-CN')).toBe('100%');
    expect(formatDimensions(4032, 3024)).toBe('4032 × 3024');
    expect(formatDimensions(null, 3024)).toBe('—');
    expect(formatGps({ lat: 31.2304161, lon: 121.4737012 })).toBe('31.230416, 121.473701');
    expect(formatGps(null)).toBe('—');
  });
});
