// The people calls of the API (issue #12), over the engine's PeopleService. Kept apart from engine-backend.ts so the
// feature's backend lives in one place; engine-backend spreads these into its API object.
import type { LoupeApi, LoupeEvents, PhotoSummary } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import type { FaceQualityLabel, FaceRect, PersonInfo, PhotoFace } from '../../shared/people-types.js';
import type { LoupeEngine } from '../engine/engine.js';
import type { PersonSummary } from '../engine/faces/people-service.js';
import { asApi, photoGone } from './api-errors.js';
import type { PhotoQueries } from './photo-queries.js';

type PeopleApi = Pick<LoupeApi, 'listPeople' | 'getPerson' | 'photoFaces' | 'namePerson' | 'mergePeople' | 'splitPerson'
  | 'rejectFace' | 'assignFace' | 'setPersonHidden' | 'addFace' | 'removeFace' | 'faceSuggestions' | 'nameFace' | 'unassignedFaces'>;

export function createPeopleApi(engine: LoupeEngine, photos: PhotoQueries, emit: <E extends keyof LoupeEvents>(e: E, p: LoupeEvents[E]) => void): PeopleApi {
  const people = () => engine.people.people;
  const changed = () => emit('library:changed', { reason: 'people' });
  /** Summaries of the photos with these ids (each once); photos no longer listed are left out. */
  const summaries = (ids: readonly number[]): Map<number, PhotoSummary> =>
    new Map([...new Set(ids)].flatMap((id) => {
      const s = photos.summaryById(id);
      return s ? [[id, s] as const] : [];
    }));
  const info = (p: PersonSummary, byId: Map<number, PhotoSummary>): PersonInfo => {
    // the avatar: the largest face, which is usually the sharpest
    const best = [...p.faces].sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3])[0];
    const photo = best ? byId.get(best.fileId) : undefined;
    return { id: p.id, name: p.name, hidden: p.hidden, photoCount: p.count, cover: best && photo ? { photo, box: best.box } : null };
  };
  const person = (id: number, call: string): PersonSummary => {
    const p = people().list({ includeHidden: true }).people.find((x) => x.id === id);
    if (!p) throw new ApiError('not-found', `${call}: there is no person ${id}`);
    return p;
  };
  const personInfo = (id: number, call: string): PersonInfo => {
    const p = person(id, call);
    return info(p, summaries(p.faces.map((f) => f.fileId)));
  };
  const requirePhoto = (id: number, call: string): void => {
    if (!photos.summaryById(id)) throw photoGone(call, id);
  };
  const facesOf = (photoId: number): PhotoFace[] =>
    people().facesOfFile(photoId).map((f) => ({ id: f.id!, box: f.box, personId: f.person, name: f.name, confidence: f.confidence, quality: f.quality as PhotoFace['quality'] }));

  return {
    async listPeople(includeHidden?: boolean) {
      const list = people().list({ includeHidden: includeHidden ?? false }).people;
      const byId = summaries(list.flatMap((p) => p.faces.map((f) => f.fileId)));
      return list.map((p) => info(p, byId));
    },
    async getPerson(personId: number) {
      const p = person(personId, 'getPerson');
      const byId = summaries(p.faces.map((f) => f.fileId));
      const photoList = [...byId.values()];
      photoList.sort((a, b) => (b.takenAt ?? '').localeCompare(a.takenAt ?? '') || a.path.localeCompare(b.path));
      const faces = p.faces.filter((f) => byId.has(f.fileId)).map((f) => ({ id: f.id, photoId: f.fileId, box: f.box }));
      return { ...info(p, byId), photos: photoList, faces };
    },
    async photoFaces(photoId: number) {
      requirePhoto(photoId, 'photoFaces');
      return facesOf(photoId);
    },
    async namePerson(personId: number, name: string) {
      await asApi('namePerson', () => people().name(personId, name));
      changed();
      return personInfo(personId, 'namePerson');
    },
    async mergePeople(intoId: number, otherIds: number[]) {
      await asApi('mergePeople', () => people().checkMerge(intoId, otherIds));
      for (const other of otherIds) await asApi('mergePeople', () => people().merge(intoId, other));
      changed();
      return personInfo(intoId, 'mergePeople');
    },
    async splitPerson(personId: number, faceIds: number[]) {
      const created = await asApi('splitPerson', () => people().split(personId, faceIds));
      changed();
      return personInfo(created, 'splitPerson');
    },
    async rejectFace(faceId: number, personId?: number) {
      await asApi('rejectFace', () => people().reject(faceId, personId ?? undefined));
      changed();
    },
    async assignFace(faceId: number, personId: number) {
      await asApi('assignFace', () => people().assign(faceId, personId));
      changed();
    },
    async setPersonHidden(personId: number, hidden: boolean) {
      await asApi('setPersonHidden', () => people().hide(personId, hidden));
      changed();
    },
    async addFace(photoId: number, box: FaceRect, personId?: number) {
      requirePhoto(photoId, 'addFace');
      await asApi('addFace', () => people().addFace(photoId, box, personId ?? undefined));
      changed();
      return facesOf(photoId);
    },
    async removeFace(faceId: number) {
      await asApi('removeFace', () => people().removeFace(faceId));
      changed();
    },
    async faceSuggestions(limit?: number) {
      const list = people().suggestions(limit ?? 100);
      const byId = summaries(list.map((s) => s.fileId));
      return list.flatMap((s) => {
        const photo = byId.get(s.fileId);
        return photo ? [{ faceId: s.faceId, photo, box: s.box, personId: s.person, name: s.name, confidence: s.confidence }] : [];
      });
    },
    async nameFace(faceId: number, name: string) {
      const id = await asApi('nameFace', () => people().nameFace(faceId, name));
      changed();
      return personInfo(id, 'nameFace');
    },
    async unassignedFaces(limit?: number) {
      const area = (b: readonly number[]) => b[2] * b[3];
      const list = people().list().unassigned
        .sort((a, b) => Number(b.quality === 'ok') - Number(a.quality === 'ok') || area(b.box) - area(a.box) || a.id - b.id)
        .slice(0, limit ?? 100);
      const byId = summaries(list.map((f) => f.fileId));
      return list.flatMap((f) => {
        const photo = byId.get(f.fileId);
        return photo ? [{ faceId: f.id, photo, box: f.box, quality: f.quality as FaceQualityLabel }] : [];
      });
    },
  };
}
