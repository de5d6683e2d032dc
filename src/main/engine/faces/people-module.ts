import path from 'node:path';
import type { CatalogDb } from '../catalog/database.js';
import type { FileRepository } from '../catalog/file-repository.js';
import type { InferenceClient } from '../inference/inference-client.js';
import { analyzePhoto } from '../media/index.js';
import { LibraryError } from '../errors.js';
import { FaceRepository } from './face-repository.js';
import { FACE_PREVIEW_EDGE, FaceStage } from './face-stage.js';
import { PeopleService, type FaceOnPhoto } from './people-service.js';
import { FaceGraph } from './face-neighbours.js';
import { FACE_MODEL_VERSION } from './face-types.js';
import { PersonBoxRepository, personBoxes } from './person-boxes.js';
import type { DetectionResult } from '../inference/protocol.js';

/** What the engine holds for people: the stage that finds faces and the service that groups and names them. */
export interface PeopleModule {
  stage: FaceStage;
  people: PeopleService;
  /** `loupe faces <image>`: the faces of a photo, catalogued or not (an outside photo is read, never added) */
  facesOf(image: string): Promise<{ path: string; faces: FaceOnPhoto[] }>;
  /** a catalogued photo's displayed size and stored faces, or null when there is no such photo */
  catalogued(fileId: number): { width: number; height: number; faces: FaceOnPhoto[] } | null;
  /** keeps where the quick pass's object detector saw people, for the face stage's second look */
  detectionsSeen(file: { id: number; content_hash: string }, detections: readonly DetectionResult[]): void;
}

export function createPeopleModule(deps: {
  db: CatalogDb;
  files: FileRepository;
  inference: InferenceClient;
  thumbnailDir: string;
  /** where the face graph is kept (the photo index's folder) */
  indexDir: string;
}): PeopleModule {
  const faces = new FaceRepository(deps.db);
  const persons = new PersonBoxRepository(deps.db);
  const loadImage = async (file: string) => {
    const photo = await analyzePhoto(file, { mtimeMs: Date.now(), previewEdge: FACE_PREVIEW_EDGE }).catch((err) => {
      throw new LibraryError('invalid', `Cannot read faces in ${file}: ${(err as { reason?: string }).reason ?? (err as Error).message}`);
    });
    const image = { data: photo.preview.data, width: photo.preview.width, height: photo.preview.height, channels: 3 as const };
    return { image, scale: photo.width / photo.preview.width };
  };
  const people = new PeopleService({
    faces,
    files: deps.files,
    loadImage,
    describeBox: (image, box) => deps.inference.describeFace(image, box),
    graph: new FaceGraph({ dir: deps.indexDir, model: FACE_MODEL_VERSION }),
  });
  const stage = new FaceStage({
    faces,
    detect: (image, people, closer, signal) => deps.inference.faces(image, people, closer, signal),
    people: (file) => persons.of(file.id, file.content_hash),
    describe: (image, box, signal) => deps.inference.describeFace(image, box, signal),
    thumbnailDir: deps.thumbnailDir,
    displayed: (fileId) => deps.files.byId(fileId),
    onFaces: (fileId) => people.facesStored(fileId),
  });
  return {
    stage,
    people,
    detectionsSeen(file, detections) {
      persons.save(file.id, file.content_hash, personBoxes(detections));
    },
    catalogued(fileId) {
      const row = deps.files.byId(fileId);
      return row ? { width: row.width ?? 0, height: row.height ?? 0, faces: people.facesOfFile(row.id) } : null;
    },
    async facesOf(image) {
      const abs = path.resolve(image);
      const row = deps.files.byPath(abs);
      if (row && deps.files.stageDone(row.id, stage.name, stage.version, row.content_hash)) {
        return { path: abs, faces: people.facesOfFile(row.id) };
      }
      const { image: img, scale } = await loadImage(abs);
      const found = await deps.inference.faces(img);
      return { path: abs, faces: found.map((f) => people.identify(f, scale)) };
    },
  };
}
