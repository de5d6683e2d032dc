import { describe, expect, it } from 'vitest';
import { decodeTrashInfoPath, encodeTrashInfoPath, formatTrashInfo, parseTrashInfo } from '../../../../src/main/engine/trash/trash-info.js';
import { MAX_TRASH_NAME_BYTES, trashNameCandidate } from '../../../../src/main/engine/trash/trash-name.js';

describe('.trashinfo encoding', () => {
  it('escapes URL-special characters that a bare encodeURI would leave raw', () => {
    expect(encodeTrashInfoPath('/p/a#b?c&d=e%f;g.jpg')).toBe('/p/a%23b%3Fc%26d%3De%25f%3Bg.jpg');
    expect(encodeTrashInfoPath('/p/line\nbreak.jpg')).toBe('/p/line%0Abreak.jpg');
    // RFC 2396 unreserved characters stay as they are.
    expect(encodeTrashInfoPath("/p/a-b_c.d!e~f*g'h(i).jpg")).toBe("/p/a-b_c.d!e~f*g'h(i).jpg");
  });

  it('round-trips every kind of name through format and parse', () => {
    for (const p of ['/home/u/照片 1.jpg', '/a/100%.jpg', '/a/#1?.png', '/e\u0301té/x.heic', 'relative/under topdir.jpg']) {
      const parsed = parseTrashInfo(formatTrashInfo(p, new Date(2024, 0, 2, 3, 4, 5)));
      expect(parsed).toEqual({ path: p, deletionDate: '2024-01-02T03:04:05' });
      expect(decodeTrashInfoPath(encodeTrashInfoPath(p))).toBe(p);
    }
  });

  it('reads files written by other implementations and rejects non-trashinfo text', () => {
    const kde = '# written by KDE\r\n[Trash Info]\r\nPath=/home/u/Bilder/%C3%A9t%C3%A9.jpg\r\nDeletionDate=2023-05-06T07:08:09\r\n';
    expect(parseTrashInfo(kde)).toEqual({ path: '/home/u/Bilder/été.jpg', deletionDate: '2023-05-06T07:08:09' });
    expect(parseTrashInfo('[Other]\nPath=/x\n')).toBeNull();
    expect(parseTrashInfo('[Trash Info]\nDeletionDate=2023-05-06T07:08:09\n')).toBeNull();
    expect(parseTrashInfo('[Trash Info]\nPath=/bad%ZZescape\n')).toBeNull();
  });

  it('refuses a name that is not valid Unicode, naming it', () => {
    expect(() => encodeTrashInfoPath('/p/bad\uD800.jpg')).toThrow(/bad.*not valid Unicode/);
  });
});

describe('trash names', () => {
  it('keeps the name, then numbers it before the extension', () => {
    expect(trashNameCandidate('IMG_0001.JPG', 1)).toBe('IMG_0001.JPG');
    expect(trashNameCandidate('IMG_0001.JPG', 2)).toBe('IMG_0001.2.JPG');
    expect(trashNameCandidate('.hidden', 3)).toBe('.hidden.3');
    expect(new Set(Array.from({ length: 300 }, (_, i) => trashNameCandidate('a.jpg', i + 1))).size).toBe(300);
  });

  it('shortens long multi-byte names to fit NAME_MAX with ".trashinfo", keeping the extension', () => {
    const long = `${'照'.repeat(100)}.jpeg`; // 305 bytes
    for (const attempt of [1, 7, 150]) {
      const name = trashNameCandidate(long, attempt);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_TRASH_NAME_BYTES);
      expect(Buffer.byteLength(`${name}.trashinfo`)).toBeLessThanOrEqual(255);
      expect(name.endsWith('.jpeg')).toBe(true);
      expect(name).not.toContain('\uFFFD');
      expect(name.startsWith('照照')).toBe(true);
    }
  });
});
