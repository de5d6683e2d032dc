import os from 'node:os';
import { providerCandidates } from '../../engine/inference/providers.js';
import type { InitParams } from '../../engine/inference/protocol.js';
import { FACE_THREADS, FaceRunner } from './face-runner.js';

/**
 * The face models of the model process, loaded on the first face request (a library that never asks for faces never
 * pays for them) and released with the rest at shutdown or re-initialisation.
 */
export class FaceModels {
  private params: InitParams | null = null;
  private loading: Promise<FaceRunner> | null = null;

  async configure(params: InitParams | null): Promise<void> {
    const old = this.loading;
    this.loading = null;
    this.params = params;
    if (old) await (await old.catch(() => null))?.release();
  }

  runner(): Promise<FaceRunner> {
    const params = this.params;
    if (!params) return Promise.reject(new Error('the worker was not initialised'));
    this.loading ??= FaceRunner.create(params.modelDirs[0], providerCandidates(params.provider, os.platform(), false), Math.min(params.threads, FACE_THREADS));
    this.loading.catch(() => { this.loading = null; });
    return this.loading;
  }
}
