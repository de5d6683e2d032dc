// What the app opens from the bundled models folder, and so what the packaged app ships (electron-builder.yml's
// extraResources filter; test/build/electron-builder-models.test.ts holds the two equal). Derived from the ids and
// file names the code runs with. The folder holds more: the float reference models that `npm run models:build`
// builds the int8 files from and the benches and tests measure them against (docs/models.md); the app never opens
// those, and their manifest entries stay (nothing at run time checks a file it does not open).
import path from 'node:path';
import { CENTERNET_EMBED_MODEL_ID, CENTERNET_MODEL_ID, MOBILENET_MODEL_ID } from '../embedding/sessions.js';
import { FACE_DESCRIPTOR_MODEL_ID, FACE_DETECTOR_MODEL_ID, POSE_MODEL_ID } from '../faces/face-types.js';
import { TEXT_MODEL_FILES, textModelsDir } from '../text/text-models.js';
import { DEFAULT_WHITENING_FILE } from '../paths.js';
import { MANIFEST_FILE, findModel, type ModelManifest } from './manifest.js';

/** The manifest's models the app runs: the model process's embedding and detector, and the face runner's. */
export const APP_MODEL_IDS = [
  MOBILENET_MODEL_ID,
  CENTERNET_EMBED_MODEL_ID,
  CENTERNET_MODEL_ID,
  FACE_DETECTOR_MODEL_ID,
  FACE_DESCRIPTOR_MODEL_ID,
  POSE_MODEL_ID,
] as const;

/** Every file the app reads from the bundled models folder, as paths relative to it with '/' separators. */
export function appModelFiles(manifest: ModelManifest): string[] {
  const text = path.relative('.', textModelsDir('.')).split(path.sep).join('/');
  return [
    MANIFEST_FILE,
    DEFAULT_WHITENING_FILE,
    ...APP_MODEL_IDS.map((id) => findModel(manifest, id).file),
    ...Object.values(TEXT_MODEL_FILES).map((file) => `${text}/${file}`),
  ];
}
