import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_SIZE,
  MIN_WINDOW_SIZE,
  fitToDisplays,
  loadWindowState,
  saveWindowState,
  type Rect,
} from '../../../src/main/electron/window-state.js';
import { makeTempDir } from '../../helpers/fixtures.js';

const temps: { cleanup: () => void }[] = [];
afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
function tempFile(): string {
  const temp = makeTempDir('loupe-window-state-');
  temps.push(temp);
  return path.join(temp.dir, 'nested', 'window-state.json');
}

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 900 };
const rightMonitor: Rect = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('window state file', () => {
  it('round-trips through the file, creating its folder', () => {
    const file = tempFile();
    saveWindowState(file, { x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(loadWindowState(file)).toEqual({ x: 100, y: 50, width: 1000, height: 700, maximized: true });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });

  it('treats a missing, corrupt or nonsensical file as no saved state', () => {
    const file = tempFile();
    expect(loadWindowState(file)).toBeNull();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const text of ['{"width": 800, "hei', '[]', '{"width": -5, "height": 600}', '{"width": "800", "height": 600}', 'null']) {
      fs.writeFileSync(file, text);
      expect(loadWindowState(file), text).toBeNull();
    }
  });
});

describe('fitToDisplays', () => {
  it('uses the default size, centred, when nothing was saved', () => {
    expect(fitToDisplays(null, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('keeps a saved place that is still on a display, including a second monitor', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800, maximized: false };
    expect(fitToDisplays(saved, [laptop, rightMonitor])).toEqual(saved);
  });

  it('re-centres a window whose monitor is gone', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800, maximized: true };
    expect(fitToDisplays(saved, [laptop])).toEqual({ width: 1200, height: 800, maximized: true });
  });

  it('re-centres a window whose title bar is off-screen', () => {
    expect(fitToDisplays({ x: 200, y: -200, width: 900, height: 600, maximized: false }, [laptop])).not.toHaveProperty('x');
  });

  it('shrinks a window larger than every display and grows one below the minimum', () => {
    expect(fitToDisplays({ width: 5000, height: 3000, maximized: false }, [laptop, rightMonitor])).toMatchObject({ width: 2560, height: 1440 });
    expect(fitToDisplays({ width: 100, height: 100, maximized: false }, [laptop])).toMatchObject(MIN_WINDOW_SIZE);
  });
});
