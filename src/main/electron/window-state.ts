// Remembers the main window's size and place between runs, in a small JSON file under userData.
// Plain Node (no electron): the caller passes in the displays' work areas, so this is testable.
import fs from 'node:fs';
import path from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** absent when the window should be centred by the OS */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 720, height: 480 } as const;
// How much of the window's top strip must lie on a display for its saved place to be reused:
// enough of the title bar to grab and drag it back.
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 30;

/** Reads whatever is in the file; returns null for a missing, unreadable or malformed one. */
export function loadWindowState(file: string): WindowState | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseWindowState(JSON.parse(text));
  } catch {
    return null;
  }
}

export function parseWindowState(value: unknown): WindowState | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (!isFiniteNumber(v.width) || !isFiniteNumber(v.height) || v.width <= 0 || v.height <= 0) return null;
  const state: WindowState = { width: Math.round(v.width), height: Math.round(v.height), maximized: v.maximized === true };
  if (isFiniteNumber(v.x) && isFiniteNumber(v.y)) {
    state.x = Math.round(v.x);
    state.y = Math.round(v.y);
  }
  return state;
}

/** Writes atomically (temp file + rename) so a crash mid-write never leaves a half file behind. */
export function saveWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/**
 * Makes a saved state safe for the displays attached now: a window saved on a monitor that is gone
 * (or off-screen after a resolution change) is re-centred, and no window is larger than the largest
 * work area or smaller than the minimum.
 */
export function fitToDisplays(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const largest = workAreas.reduce<Rect | null>((best, a) => (!best || a.width * a.height > best.width * best.height ? a : best), null);
  const maxW = largest ? largest.width : Number.POSITIVE_INFINITY;
  const maxH = largest ? largest.height : Number.POSITIVE_INFINITY;
  const base = saved ?? { ...DEFAULT_WINDOW_SIZE, maximized: false };
  const width = clamp(base.width, Math.min(MIN_WINDOW_SIZE.width, maxW), maxW);
  const height = clamp(base.height, Math.min(MIN_WINDOW_SIZE.height, maxH), maxH);
  const fitted: WindowState = { width, height, maximized: base.maximized };
  if (base.x !== undefined && base.y !== undefined) {
    const grab: Rect = { x: base.x, y: base.y, width: Math.min(width, GRAB_WIDTH), height: GRAB_HEIGHT };
    if (workAreas.some((area) => containsRect(area, grab))) {
      fitted.x = base.x;
      fitted.y = base.y;
    }
  }
  return fitted;
}

function containsRect(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y
    && inner.x + inner.width <= outer.x + outer.width
    && inner.y + inner.height <= outer.y + outer.height;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
