import os from 'node:os';
import { providerCandidates } from '../../engine/inference/providers.js';
import type { InitParams } from '../../engine/inference/protocol.js';
import { textModelsDir } from '../../engine/text/text-models.js';
import { READ_THREADS, TextRunner } from './text-runner.js';

/**
 * The model process's text reader: created on the first text request with the settings of the last 'init'
 * (most indexing runs read no text until the deep pass), released with the process. Its reading models run on at
 * most READ_THREADS threads.
 */
export class TextRunnerHolder {
  private params: InitParams | null = null;
  private loading: Promise<TextRunner> | null = null;

  async configure(params: InitParams): Promise<void> {
    await this.release();
    this.params = params;
  }

  runner(): Promise<TextRunner> {
    const params = this.params;
    if (!params) return Promise.reject(new Error('the worker was not initialised'));
    this.loading ??= TextRunner.create(
      textModelsDir(params.modelDirs[0]),
      providerCandidates(params.provider, os.platform()),
      Math.min(params.threads, READ_THREADS),
    ).catch((err: Error) => {
      this.loading = null; // a later request tries again
      throw err;
    });
    return this.loading;
  }

  async release(): Promise<void> {
    const loading = this.loading;
    this.loading = null;
    await loading?.then((r) => r.release(), () => undefined);
  }
}
