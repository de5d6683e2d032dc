import type { CatalogDb } from '../catalog/database.js';
import { statement } from '../catalog/statement-cache.js';
import type { DetectionResult } from '../inference/protocol.js';
import type { PersonBox } from './face-types.js';

/** The COCO class whose boxes tell the face stage where people are. */
const PERSON = 'person';

/** The person boxes among an object detector's detections (the quick pass's), for the face stage's second look. */
export function personBoxes(detections: readonly DetectionResult[]): PersonBox[] {
  return detections.filter((d) => d.label === PERSON).map((d) => ({ box: [...d.box], score: d.score }));
}

/** Person boxes per photo (migration 230), kept from the quick pass until the face stage of the deep pass reads them
 *  (once per photo each: the connection's one statement, statement-cache.ts). */
export class PersonBoxRepository {
  constructor(private readonly db: CatalogDb) {}

  save(fileId: number, contentHash: string, boxes: readonly PersonBox[]): void {
    const json = JSON.stringify(boxes.map((p) => [...p.box, p.score].map((v) => Math.round(v * 1e4) / 1e4)));
    statement(this.db, 'INSERT OR REPLACE INTO person_boxes (file_id, content_hash, boxes) VALUES (?, ?, ?)').run(fileId, contentHash, json);
  }

  /** The photo's person boxes for this content, or null when none were stored for it (indexed before, or changed). */
  of(fileId: number, contentHash: string): PersonBox[] | null {
    const row = statement(this.db, 'SELECT boxes FROM person_boxes WHERE file_id = ? AND content_hash = ?').get(fileId, contentHash) as { boxes: string } | undefined;
    if (!row) return null;
    return (JSON.parse(row.boxes) as number[][]).map(([x0, y0, x1, y1, score]) => ({ box: [x0, y0, x1, y1], score }));
  }
}
