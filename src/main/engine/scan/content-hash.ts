import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * The content identity of a file: SHA-256 of its bytes, hex. Identity is the content, not the path, so a moved or
 * renamed photo is recognised and keeps everything attached to it. Streams, so a 200 MB RAW costs no memory.
 */
export function hashFile(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const stream = createReadStream(filePath, { highWaterMark: 1 << 20 });
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve(hash.digest('hex')));
  });
}
