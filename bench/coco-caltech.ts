// The Caltech-101 dev categories whose main object is a COCO-80 class, by the detector's label name.
// Used by the auto-tag benchmark; chosen by what the photos show, before looking at any detector output.
import fs from 'node:fs';
import path from 'node:path';

export const CALTECH_TO_COCO: Readonly<Record<string, string>> = {
  airplanes: 'airplane',
  Motorbikes: 'motorcycle',
  car_side: 'car',
  chair: 'chair',
  windsor_chair: 'chair',
  cup: 'cup',
  umbrella: 'umbrella',
  laptop: 'laptop',
  cellphone: 'cell phone',
  elephant: 'elephant',
  ketch: 'boat',
  schooner: 'boat',
  ferry: 'boat',
  pizza: 'pizza',
  stop_sign: 'stop sign',
  scissors: 'scissors',
  Faces: 'person',
  dalmatian: 'dog',
  flamingo: 'bird',
  ibis: 'bird',
  rooster: 'bird',
  pigeon: 'bird',
  emu: 'bird',
  soccer_ball: 'sports ball',
};

/** Builds `<dest>/<coco label>/<category>_<file>` symlinks to the shared Caltech photos. */
export function buildCocoFolder(caltechDir: string, dest: string): number {
  let n = 0;
  for (const [category, label] of Object.entries(CALTECH_TO_COCO)) {
    const dir = path.join(dest, label);
    fs.mkdirSync(dir, { recursive: true });
    for (const f of fs.readdirSync(path.join(caltechDir, category))) {
      fs.symlinkSync(path.join(caltechDir, category, f), path.join(dir, `${category}_${f}`));
      n++;
    }
  }
  return n;
}
