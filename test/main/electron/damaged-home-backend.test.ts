// The desktop app on a damaged home (plain Node: the Electron pieces are passed in): the window's API answers
// status with what happened and the backup, refuses other calls with 'home-damaged', and repairHome puts the backup
// back and opens the engine behind the same API (media and reveal then find it too).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppBackend } from '../../../src/main/electron/backend.js';
import { LoupeEngine } from '../../../src/main/engine/engine.js';
import { forkNodeWorker } from '../../../src/main/engine/inference/worker-port.js';
import { defaultWorkerScript } from '../../../src/main/engine/paths.js';
import { makeTempDir } from '../../helpers/fixtures.js';

describe('the desktop backend on a damaged home', () => {
  let tmp: { dir: string; cleanup: () => void };
  let home: string;

  beforeAll(async () => {
    tmp = makeTempDir();
    home = path.join(tmp.dir, 'home');
    const engine = LoupeEngine.open({ home, warn: () => {} });
    engine.settings.update({ language: 'zh' });
    expect(await engine.backUp(true)).not.toBeNull();
    await engine.close();
    const catalog = path.join(home, 'catalog.sqlite');
    fs.writeFileSync(catalog, Buffer.alloc(fs.statSync(catalog).size, 0x5a));
  });
  afterAll(() => tmp.cleanup());

  it('says what happened, refuses other calls, and opens the engine once the backup is put back', async () => {
    const events: string[] = [];
    const backend = openAppBackend({
      home,
      appVersion: 'test',
      emit: (name) => events.push(name),
      workerPort: () => forkNodeWorker(defaultWorkerScript()),
      trashItem: async () => {},
    });
    try {
      const status = await backend.api.status();
      expect(status).toMatchObject({ engineReady: false, homeDamage: { problem: 'damaged', catalog: path.join(home, 'catalog.sqlite') } });
      expect(status.homeDamage?.backup?.file).toMatch(/backups/);
      await expect(backend.api.listFolders()).rejects.toMatchObject({ code: 'home-damaged' });
      await expect(backend.api.repairHome('fix' as never)).rejects.toMatchObject({ code: 'bad-arguments' });
      expect(backend.engineBackend).toBeNull();

      const after = await backend.api.repairHome('restore-backup');
      expect(after).toMatchObject({ engineReady: true, homeDamage: null });
      expect(backend.engineBackend).not.toBeNull();
      expect(await backend.api.listFolders()).toEqual([]);
      expect((await backend.api.getSettings()).language).toBe('zh'); // from the backup
      expect(events).toContain('library:changed');
      await expect(backend.api.repairHome('restore-backup')).rejects.toMatchObject({ code: 'conflict' });
      expect(fs.readdirSync(home).some((f) => f.startsWith('catalog.sqlite.damaged-'))).toBe(true);
    } finally {
      await backend.close();
    }
  }, 120_000);
});
