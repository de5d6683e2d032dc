import fs from 'node:fs';

/** Whether two paths reach one file on disk (a symlink or hard link to it): same device and inode. */
export function sameFileOnDisk(a: string, b: string): boolean {
  try {
    const sa = fs.statSync(a);
    const sb = fs.statSync(b);
    return sa.dev === sb.dev && sa.ino === sb.ino;
  } catch {
    return false;
  }
}
