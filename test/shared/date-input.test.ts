import { describe, expect, it } from 'vitest';
import { parseDateInput, parsePeriodDay, parseShiftInput, shiftIso } from '../../src/shared/date-input.js';

const NOW = Date.UTC(2026, 11, 6, 12);

describe('dates and offsets as people type them', () => {
  it('reads a date with or without a time, in the forms people write, Chinese included', () => {
    expect(parseDateInput('2019-05-12 14:30', NOW)).toEqual({ iso: '2019-05-12T14:30:00' });
    expect(parseDateInput(' 2019/5/2 ', NOW)).toEqual({ iso: '2019-05-02T00:00:00' });
    expect(parseDateInput('2019.05.12T14:30:15', NOW)).toEqual({ iso: '2019-05-12T14:30:15' });
    expect(parseDateInput('2019年5月12日 14:30', NOW)).toEqual({ iso: '2019-05-12T14:30:00' });
    expect(parseDateInput('2019年5月12日14：30', NOW)).toEqual({ iso: '2019-05-12T14:30:00' });
  });

  it('refuses what is not a day, and days before 1826 or after tomorrow', () => {
    for (const text of ['2019-02-29', '2019-13-01', '2019-05-12 24:00', '12/05/2019', 'yesterday', '2019-05-12 14:30 maybe']) {
      expect(parseDateInput(text, NOW)).toEqual({ problem: 'bad-date' });
    }
    expect(parseDateInput('2020-02-29', NOW)).toEqual({ iso: '2020-02-29T00:00:00' });
    expect(parseDateInput('1825-12-31', NOW)).toEqual({ problem: 'date-out-of-range' });
    expect(parseDateInput('2026-12-08', NOW)).toEqual({ problem: 'date-out-of-range' });
    expect(parseDateInput('2026-12-07', NOW)).toEqual({ iso: '2026-12-07T00:00:00' });
  });

  it('reads offsets with a sign: units, several units, hours:minutes, years', () => {
    expect(parseShiftInput('+1h')).toEqual({ years: 0, seconds: 3600 });
    expect(parseShiftInput('-2d')).toEqual({ years: 0, seconds: -2 * 86400 });
    expect(parseShiftInput('+0:30')).toEqual({ years: 0, seconds: 1800 });
    expect(parseShiftInput('-1:02:03')).toEqual({ years: 0, seconds: -3723 });
    expect(parseShiftInput('+1d 3h 30m')).toEqual({ years: 0, seconds: 86400 + 3 * 3600 + 1800 });
    expect(parseShiftInput('-1y')).toEqual({ years: -1, seconds: 0 });
    expect(parseShiftInput('+8小时')).toEqual({ years: 0, seconds: 8 * 3600 });
    for (const text of ['1h', '+', '+0h', '+1x', '+1:75', 'h+1', '+1h soon', '']) expect(parseShiftInput(text)).toBeNull();
  });

  it('shifts the wall clock across days, months and years, keeping the camera\'s zone', () => {
    expect(shiftIso('2019-12-31T23:30:00+02:00', { years: 0, seconds: 3600 }, NOW)).toBe('2020-01-01T00:30:00+02:00');
    expect(shiftIso('2020-03-01T01:00:00', { years: 0, seconds: -2 * 3600 }, NOW)).toBe('2020-02-29T23:00:00');
    expect(shiftIso('2020-02-29T10:00:00', { years: 1, seconds: 0 }, NOW)).toBe('2021-02-28T10:00:00');
    expect(shiftIso('1826-01-01T00:30:00', { years: 0, seconds: -3600 }, NOW)).toBeNull();
    expect(shiftIso('2026-12-06T10:00:00', { years: 0, seconds: 3 * 86400 }, NOW)).toBeNull();
  });
});

describe('the library date filters as typed', () => {
  it('reads a day in the ways people write one, in English or Chinese', () => {
    for (const text of ['2019-05-12', '2019/5/12', '2019.05.12', ' 2019-5-12 ', '2019年5月12日', '2019 年 5 月 12 日']) {
      expect(parsePeriodDay(text, 'from')).toBe('2019-05-12');
      expect(parsePeriodDay(text, 'to')).toBe('2019-05-12');
    }
  });

  it('reads a month or a year as its first day for From and its last for To', () => {
    expect(parsePeriodDay('2019-05', 'from')).toBe('2019-05-01');
    expect(parsePeriodDay('2019年5月', 'to')).toBe('2019-05-31');
    expect(parsePeriodDay('2020-2', 'to')).toBe('2020-02-29');
    expect(parsePeriodDay('2019', 'from')).toBe('2019-01-01');
    expect(parsePeriodDay('2019年', 'to')).toBe('2019-12-31');
  });

  it('says empty for an empty field and refuses what is no day', () => {
    expect(parsePeriodDay('  ', 'from')).toBe('');
    for (const text of ['05/12/2019', '2019-13', '2019-02-30', '2019-5-12 14:30', 'may', '19-05-12', '2019年13月']) {
      expect(parsePeriodDay(text, 'from')).toBeNull();
    }
  });
});
