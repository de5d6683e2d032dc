// The viewer's zoom and pan as plain numbers: the photo's centre sits (tx, ty) px from the stage's centre, drawn
// at `scale` screen px per photo px and turned by a quarter-turn rotation. Fit shrinks a large photo to the stage
// and shows a small one at its own size (a 320 px photo blown up to the screen is a blur); fill covers the stage,
// scaling a small photo up, as the user asked; 1:1 is one photo px per screen px.

export interface ZoomView {
  scale: number;
  tx: number;
  ty: number;
}

export interface Size {
  w: number;
  h: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 16;

/** The photo's size on screen axes once rotated. */
function turned(photo: Size, rotation: number): Size {
  return rotation % 180 === 0 ? photo : { w: photo.h, h: photo.w };
}

/** The whole photo visible, as large as the stage allows but never beyond its own size (100 %). */
export function fitScale(photo: Size, stage: Size, rotation = 0): number {
  const p = turned(photo, rotation);
  if (p.w <= 0 || p.h <= 0 || stage.w <= 0 || stage.h <= 0) return 1;
  return Math.min(1, stage.w / p.w, stage.h / p.h);
}

/** The stage covered, cropping what overflows. */
export function fillScale(photo: Size, stage: Size, rotation = 0): number {
  const p = turned(photo, rotation);
  if (p.w <= 0 || p.h <= 0 || stage.w <= 0 || stage.h <= 0) return 1;
  return Math.max(stage.w / p.w, stage.h / p.h);
}

/** Keeps the photo from being dragged off the stage: along an axis where it is smaller it stays centred. */
export function clampPan(view: ZoomView, photo: Size, stage: Size, rotation = 0): ZoomView {
  const p = turned(photo, rotation);
  const limit = (shown: number, room: number): number => Math.max(0, (shown - room) / 2);
  const lx = limit(p.w * view.scale, stage.w);
  const ly = limit(p.h * view.scale, stage.h);
  const clamp = (v: number, l: number): number => Math.min(l, Math.max(-l, v)) || 0; // || 0: no -0
  return { scale: view.scale, tx: clamp(view.tx, lx), ty: clamp(view.ty, ly) };
}

/** Zooms by `factor` keeping the photo point under `at` (px from the stage centre) where it is. */
export function zoomAt(view: ZoomView, factor: number, at: { x: number; y: number }): ZoomView {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const k = scale / view.scale;
  return { scale, tx: at.x - (at.x - view.tx) * k, ty: at.y - (at.y - view.ty) * k };
}
