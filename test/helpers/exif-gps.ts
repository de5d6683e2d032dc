// A minimal EXIF writer for tests and benches: puts a GPS position (and optionally a capture date) into a JPEG,
// as cameras do (APP1 "Exif", little-endian TIFF, IFD0 -> GPS IFD and Exif IFD). sharp cannot write GPS rationals.

export interface GpsFields {
  lat: number;
  lon: number;
  /** raw [deg, min, sec] to write instead of lat/lon (to make broken positions: 95°, 0,0 ...) */
  rawLat?: [number, number, number];
  rawLon?: [number, number, number];
  /** "YYYY:MM:DD HH:MM:SS" */
  dateTimeOriginal?: string;
}

interface Entry {
  tag: number;
  type: 1 | 2 | 4 | 5; // BYTE, ASCII, LONG, RATIONAL
  count: number;
  /** bytes of the value (LONG pointers are patched in later) */
  data: Buffer;
}

const TYPE_SIZE = { 1: 1, 2: 1, 4: 4, 5: 8 } as const;

function dms(value: number): [number, number, number] {
  const a = Math.abs(value);
  const d = Math.floor(a);
  const m = Math.floor((a - d) * 60);
  const s = (a - d - m / 60) * 3600;
  return [d, m, s];
}

function rationals(parts: [number, number, number]): Buffer {
  const b = Buffer.alloc(24);
  parts.forEach((p, i) => {
    b.writeUInt32LE(Math.round(p * 10000), i * 8);
    b.writeUInt32LE(10000, i * 8 + 4);
  });
  return b;
}

const ascii = (s: string): Buffer => Buffer.from(`${s}\0`, 'latin1');
const long = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** Lays out one IFD at `offset` (from the TIFF start); returns its bytes, values after the entries. */
function ifd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const head = Buffer.alloc(2 + sorted.length * 12 + 4);
  head.writeUInt16LE(sorted.length, 0);
  const extra: Buffer[] = [];
  let extraAt = offset + head.length;
  sorted.forEach((e, i) => {
    const at = 2 + i * 12;
    head.writeUInt16LE(e.tag, at);
    head.writeUInt16LE(e.type, at + 2);
    head.writeUInt32LE(e.count, at + 4);
    const size = TYPE_SIZE[e.type] * e.count;
    if (size <= 4) e.data.copy(head, at + 8);
    else {
      head.writeUInt32LE(extraAt, at + 8);
      const padded = e.data.length % 2 ? Buffer.concat([e.data, Buffer.alloc(1)]) : e.data;
      extra.push(padded);
      extraAt += padded.length;
    }
  });
  head.writeUInt32LE(0, head.length - 4); // no next IFD
  return Buffer.concat([head, ...extra]);
}

/** The JPEG with an EXIF block carrying the GPS position (any EXIF it had is left after it, unread). */
export function withGps(jpeg: Buffer, gps: GpsFields): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('withGps needs a JPEG');
  const gpsEntries: Entry[] = [
    { tag: 0x0000, type: 1, count: 4, data: Buffer.from([2, 3, 0, 0]) },
    { tag: 0x0001, type: 2, count: 2, data: ascii(gps.lat < 0 ? 'S' : 'N') },
    { tag: 0x0002, type: 5, count: 3, data: rationals(gps.rawLat ?? dms(gps.lat)) },
    { tag: 0x0003, type: 2, count: 2, data: ascii(gps.lon < 0 ? 'W' : 'E') },
    { tag: 0x0004, type: 5, count: 3, data: rationals(gps.rawLon ?? dms(gps.lon)) },
  ];
  const ifd0Entries: Entry[] = [{ tag: 0x8825, type: 4, count: 1, data: long(0) }];
  if (gps.dateTimeOriginal) ifd0Entries.push({ tag: 0x8769, type: 4, count: 1, data: long(0) });
  const ifd0Size = ifd(ifd0Entries, 8).length;
  const gpsOffset = 8 + ifd0Size;
  const gpsIfd = ifd(gpsEntries, gpsOffset);
  const exifOffset = gpsOffset + gpsIfd.length;
  ifd0Entries[0].data = long(gpsOffset);
  const parts = [Buffer.from('II*\0', 'latin1'), long(8)];
  if (gps.dateTimeOriginal) ifd0Entries[1].data = long(exifOffset);
  parts.push(ifd(ifd0Entries, 8), gpsIfd);
  if (gps.dateTimeOriginal) parts.push(ifd([{ tag: 0x9003, type: 2, count: 20, data: ascii(gps.dateTimeOriginal) }], exifOffset));
  const tiff = Buffer.concat(parts);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, payload, jpeg.subarray(2)]);
}
