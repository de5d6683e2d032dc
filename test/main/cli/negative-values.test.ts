import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { joinNegativeValues } from '../../../src/main/cli/negative-values.js';

describe('negative option values on the command line', () => {
  const options = { shift: { type: 'string' }, lat: { type: 'string' }, clear: { type: 'boolean' }, k: { type: 'string', short: 'k' } } as const;
  const parse = (args: string[]) => parseArgs({ args: joinNegativeValues(args, options), options, allowPositionals: true, strict: true });

  it('takes "--shift -2d" and "--lat -33.87" as values, as people type them', () => {
    expect(parse(['a.jpg', '--shift', '-2d']).values).toEqual({ shift: '-2d' });
    expect(parse(['--lat', '-33.87', 'a.jpg']).values).toEqual({ lat: '-33.87' });
    expect(parse(['-k', '-3']).values).toEqual({ k: '-3' });
  });

  it('leaves an option after an option alone', () => {
    expect(() => parse(['--shift', '--clear'])).toThrow(/ambiguous/);
    expect(parse(['--clear', '-k', '2']).values).toEqual({ clear: true, k: '2' });
  });
});
