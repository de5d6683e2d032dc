// The learned-tag calls of the API contract over the engine's LearnService (arguments already checked by
// validate-args.ts). Training runs on the serial queue with the index jobs' library changes, so a retrain never
// interleaves with a folder change.
import type { LoupeApi, SimilarPhoto } from '../../shared/api.js';
import { ApiError } from '../../shared/api-dispatch.js';
import type { LoupeEngine } from '../engine/engine.js';
import { asApi, photoGone } from './api-errors.js';
import type { EmitEvent } from './index-jobs.js';
import type { PhotoQueries } from './photo-queries.js';

type LearnCalls = Pick<
  LoupeApi,
  | 'listLearnedTags' | 'teachTag' | 'answerSuggestion' | 'suggestForTag' | 'setLearnedThreshold' | 'learnedTagCounts'
  | 'retrainTag' | 'renameLearnedTag' | 'deleteLearnedTag' | 'exportLearnedTag' | 'importLearnedTag'
>;

export function learnCalls(deps: { engine: LoupeEngine; photos: PhotoQueries; emit: EmitEvent }): LearnCalls {
  const { engine, photos, emit } = deps;
  const learn = engine.learn;
  const changed = () => emit('library:changed', { reason: 'tags' });
  const exists = (call: string, ids: readonly number[]) => {
    for (const id of ids) if (!photos.fileOf(id)) throw photoGone(call, id);
  };
  return {
    async listLearnedTags() {
      return learn.list();
    },
    async teachTag(tag, photoIds, notPhotoIds, tagZh) {
      exists('teachTag', [...photoIds, ...(notPhotoIds ?? [])]);
      const s = await asApi('teachTag', () => learn.teach(tag, { add: photoIds, not: notPhotoIds ?? [], nameZh: tagZh }));
      changed();
      return s;
    },
    async answerSuggestion(tag, photoId, yes) {
      exists('answerSuggestion', [photoId]);
      const s = await asApi('answerSuggestion', () => learn.answer(tag, photoId, yes));
      changed();
      return s;
    },
    async suggestForTag(tag, limit) {
      const hits = await asApi('suggestForTag', () => learn.suggest(tag, limit ?? 20));
      const out: SimilarPhoto[] = [];
      for (const h of hits) {
        const photo = photos.summaryById(h.fileId);
        if (photo) out.push({ photo, score: h.score });
      }
      return out;
    },
    async setLearnedThreshold(tag, threshold) {
      // null (the trainer chooses again) arrives as undefined: the dispatch turns a null argument into an absent one
      const s = await asApi('setLearnedThreshold', () => learn.setThreshold(tag, threshold ?? null));
      changed();
      return s;
    },
    async learnedTagCounts(tag) {
      return asApi('learnedTagCounts', () => learn.countsByThreshold(tag));
    },
    async retrainTag(tag) {
      const s = await asApi('retrainTag', () => learn.retrain(tag));
      changed();
      return s;
    },
    async renameLearnedTag(tag, newName, newNameZh) {
      const s = await asApi('renameLearnedTag', () => learn.rename(tag, newName, newNameZh));
      changed();
      return s;
    },
    async deleteLearnedTag(tag) {
      const r = await asApi('deleteLearnedTag', () => learn.delete(tag));
      changed();
      return r;
    },
    async exportLearnedTag(tag) {
      return asApi('exportLearnedTag', () => JSON.stringify(learn.exportTag(tag), null, 1));
    },
    async importLearnedTag(json, name) {
      let data: unknown;
      try {
        data = JSON.parse(json);
      } catch {
        throw new ApiError('bad-arguments', 'importLearnedTag: the file is not JSON');
      }
      const s = await asApi('importLearnedTag', () => learn.importTag(data, 'the imported file', name));
      changed();
      return s;
    },
  };
}
