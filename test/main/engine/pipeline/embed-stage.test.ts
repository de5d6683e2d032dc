import { describe, expect, it } from 'vitest';
import { EMBEDDING_RECIPE_VERSION } from '../../../../src/main/engine/embedding/features.js';
import { EmbedStage, type EmbedStageDeps } from '../../../../src/main/engine/pipeline/embed-stage.js';

describe('the embed stage version', () => {
  it('makes photos embedded with an earlier recipe (both branches flip-averaged, version 1) due again', () => {
    const deps = {} as EmbedStageDeps;
    expect(EMBEDDING_RECIPE_VERSION).toBeGreaterThan(1);
    expect(new EmbedStage(deps).version).not.toBe(1);
    // a user model's version keeps changing it too, and the two never cancel out
    expect(new EmbedStage({ ...deps, version: 100 + 0xabc }).version).not.toBe(100 + 0xabc);
    expect(new EmbedStage({ ...deps, version: 100 + 0xabc }).version).not.toBe(new EmbedStage({ ...deps, version: 100 + 0xabd }).version);
  });
});
