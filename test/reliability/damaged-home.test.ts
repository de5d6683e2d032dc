// A home that survives damage: each case as a user meets it, through the real `loupe` command. The message the
// user saw is printed for the record ([damage] lines); no case may show a stack trace or silently start a new
// library; a backup put back by `loupe doctor --restore-backup` gives the user their tags back.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/fixtures.js';
import { LOUPE_BIN, runCli } from '../helpers/run-cli.js';
import { makePhotos } from './make-photos.js';

const STACK = /\n\s+at |SqliteError|Error: /;
/** Root in a private mount namespace can mount a read-only view or a tiny disk; elsewhere those cases are skipped. */
const canUnshare = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=1M tmpfs /mnt && true']).status === 0;

describe('a damaged library home', () => {
  let tmp: { dir: string; cleanup: () => void };
  let lib: string;
  let base: string;
  let photos: string[];

  beforeAll(async () => {
    tmp = makeTempDir();
    lib = path.join(tmp.dir, 'lib');
    base = path.join(tmp.dir, 'base');
    photos = await makePhotos(lib, 4);
    expect(runCli(['add', lib, '--home', base]).code).toBe(0);
    expect(runCli(['index', '--home', base]).code).toBe(0); // makes the first automatic backup
    expect(runCli(['tag', photos[0], '--add', 'grandma', '--home', base]).code).toBe(0);
    // The tag is in the backup too (backups are made after index runs; this one is forced through doctor's peer).
    fs.rmSync(path.join(base, 'backups'), { recursive: true });
    expect(runCli(['index', '--home', base]).code).toBe(0);
    expect(fs.readdirSync(path.join(base, 'backups'))).toHaveLength(1);
  }, 300_000);
  afterAll(() => tmp.cleanup());

  const copyHome = (name: string): string => {
    const home = path.join(tmp.dir, name);
    fs.cpSync(base, home, { recursive: true });
    return home;
  };
  const catalog = (home: string) => path.join(home, 'catalog.sqlite');

  const damages: [string, (home: string) => void][] = [
    ['truncated', (h) => fs.truncateSync(catalog(h), Math.floor(fs.statSync(catalog(h)).size / 3))],
    ['overwritten with garbage', (h) => fs.writeFileSync(catalog(h), Buffer.alloc(fs.statSync(catalog(h)).size, 0x5a))],
    ['8 KB of garbage inside', (h) => {
      const fd = fs.openSync(catalog(h), 'r+');
      fs.writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 16384);
      fs.closeSync(fd);
    }],
    ['0 bytes', (h) => fs.truncateSync(catalog(h), 0)],
    ['deleted', (h) => fs.rmSync(catalog(h))],
  ];
  for (const [what, damage] of damages) {
    it(`catalog ${what}: every command says so in one line and offers the backup; doctor puts it back with the tags`, () => {
      const home = copyHome(what.replace(/\W+/g, '-'));
      for (const s of ['-wal', '-shm']) fs.rmSync(catalog(home) + s, { force: true });
      damage(home);
      for (const cmd of [['status'], ['index'], ['tags', photos[0]]]) {
        const r = runCli([...cmd, '--home', home]);
        expect(r.code, `${cmd[0]}: ${r.stdout}`).toBe(1);
        expect(r.stderr).not.toMatch(STACK);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(/catalog .* (is damaged|is missing|is empty).*loupe doctor --restore-backup/);
        if (cmd[0] === 'status') console.log(`[damage] ${what}: ${r.stderr.trim()}`);
      }
      // Never a silent new library: the damaged file is still there (or still absent), untouched by the commands.
      const doctor = runCli(['doctor', '--home', home]);
      expect(doctor.code).toBe(1);
      const restored = runCli(['doctor', '--restore-backup', '--home', home]);
      expect(restored.code, restored.stderr).toBe(0);
      const tags = runCli(['tags', photos[0], '--json', '--home', home]);
      expect(tags.code, tags.stderr).toBe(0);
      expect(JSON.parse(tags.stdout).tags.map((t: { tag: string }) => t.tag)).toContain('grandma');
      expect(JSON.parse(runCli(['status', '--json', '--home', home]).stdout)).toMatchObject({ files: 4, failed: [] });
    }, 120_000);
  }

  it.runIf(canUnshare)('a read-only home: reading commands work, writing ones say the home is read-only', () => {
    const home = copyHome('read-only');
    const run = (args: string): { code: number | null; out: string; err: string } => {
      const script = `mount --bind "${home}" "${home}" && mount -o remount,ro,bind "${home}" && "${process.execPath}" "${LOUPE_BIN}" ${args} --home "${home}"`;
      const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8' });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const status = run('status --json');
    expect(status.code, status.err).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({ files: 4 });
    expect(run(`tags "${photos[0]}"`).code).toBe(0);
    const index = run('index');
    expect(index.code).toBe(1);
    expect(index.err).not.toMatch(STACK);
    expect(index.err).toMatch(/read-only/);
    console.log(`[damage] read-only home, index: ${index.err.trim()}`);
  }, 120_000);

  it.runIf(canUnshare)('a full disk: one line naming the folder, nothing half-written, a rerun after freeing space recovers', async () => {
    const home = copyHome('full');
    await makePhotos(lib, 3, 50); // new photos, so index has work to write
    const disk = path.join(tmp.dir, 'disk');
    fs.mkdirSync(disk);
    const onDisk = path.join(disk, 'home');
    const loupe = (args: string) => `"${process.execPath}" "${LOUPE_BIN}" ${args} --home "${onDisk}"`;
    // One private 4 MB disk: the home on it, the rest filled, then the index, then space freed and index again.
    const script = [
      `mount -t tmpfs -o size=4M tmpfs "${disk}"`,
      `cp -a "${home}" "${onDisk}"`,
      `i=0; while dd if=/dev/zero of="${disk}/fill$i" bs=16k count=1 2>/dev/null; do i=$((i+1)); done`,
      `rm -f "${disk}/fill0" "${disk}/fill1"`,
      `echo "== full"; ${loupe('index')}; echo "rc=$?"`,
      `rm -f "${disk}"/fill*`,
      `echo "== freed"; ${loupe('index --json')}; echo "rc=$?"`,
      `${loupe('status --json')}`,
      `${loupe('doctor --json')}`,
    ].join('\n');
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { encoding: 'utf8', timeout: 240_000 });
    const [, full, freed] = (r.stdout + '\n== stderr\n' + r.stderr).split(/== (?:full|freed)\n/);
    expect(full).toMatch(/rc=1/);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).toMatch(new RegExp(`The disk holding ${onDisk.replace(/[/.]/g, '\\$&')} is full`));
    console.log(`[damage] full disk, index: ${r.stderr.split('\n').find((l) => l.includes('is full'))}`);
    const lines = freed.split('\n').filter((l) => l.startsWith('{'));
    expect(freed).toMatch(/rc=0/);
    expect(JSON.parse(lines[1])).toMatchObject({ files: 7, pending: 0, failed: [] });
    expect(JSON.parse(lines[2]).catalog.state).toBe('ok');
  }, 300_000);
});
