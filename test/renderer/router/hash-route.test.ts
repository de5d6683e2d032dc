import { describe, expect, it } from 'vitest';
import { formatRoute, parseHash, photoParam, withPhoto } from '../../../src/renderer/router/hash-route.js';

describe('hash routes', () => {
  it('parses screen, argument and query, and formats them back to the same address', () => {
    const hash = '#/similar/12?photo=40';
    const r = parseHash(hash);
    expect(r).toEqual({ screen: 'similar', arg: '12', query: { photo: '40' } });
    expect(formatRoute(r)).toBe(hash);
  });

  it('keeps Chinese text and absolute paths in the query intact', () => {
    const r = { screen: 'library', arg: null, query: { folder: '/home/me/照片/2019 夏天', tag: '狗' } };
    expect(parseHash(formatRoute(r))).toEqual(r);
  });

  it('shows the library for an empty or bare hash', () => {
    expect(parseHash('').screen).toBe('library');
    expect(parseHash('#/').screen).toBe('library');
  });

  it('opens and closes the viewer on any route by its photo parameter, refusing ids that are not ids', () => {
    const r = parseHash('#/search?q=dog');
    const open = withPhoto(r, 7);
    expect(formatRoute(open)).toBe('#/search?q=dog&photo=7');
    expect(photoParam(open)).toBe(7);
    expect(formatRoute(withPhoto(open, null))).toBe('#/search?q=dog');
    expect(photoParam(parseHash('#/library?photo=0'))).toBeNull();
    expect(photoParam(parseHash('#/library?photo=1e3'))).toBeNull();
  });

  it('drops empty query values', () => {
    expect(formatRoute({ screen: 'library', query: { tag: '', folder: undefined } })).toBe('#/library');
  });
});
