import os from 'node:os';
import { openCatalogDb, type CatalogDb } from './catalog/database.js';
import { FileRepository } from './catalog/file-repository.js';
import { FolderRepository } from './catalog/folder-repository.js';
import { homeLayout, type HomeLayout } from './home.js';
import { LibraryService } from './library/library-service.js';
import { AnalyzeStage } from './pipeline/analyze-stage.js';
import type { Stage } from './pipeline/stage.js';

export interface EngineOptions {
  /** the library home folder (see resolveHome) */
  home: string;
  /** where warnings that concern no single file go (default: stderr) */
  warn?: (message: string) => void;
  /** files processed at once (default: number of CPU cores, at least 2) */
  concurrency?: number;
}

/** The Loupe engine: one library home, its catalog and its services. Plain Node; the CLI, `loupe serve` and the
 *  Electron main process all drive this same object. */
export class LoupeEngine {
  readonly layout: HomeLayout;
  readonly library: LibraryService;
  private readonly db: CatalogDb;

  private constructor(options: EngineOptions) {
    this.layout = homeLayout(options.home);
    this.db = openCatalogDb(this.layout.root);
    const files = new FileRepository(this.db);
    const folders = new FolderRepository(this.db);
    const stages: Stage[] = [new AnalyzeStage(this.layout.thumbnails)];
    this.library = new LibraryService({
      files,
      folders,
      layout: this.layout,
      stages,
      concurrency: options.concurrency ?? Math.max(2, os.availableParallelism()),
      warn: options.warn ?? ((m) => process.stderr.write(`warning: ${m}\n`)),
    });
    this.library.refreshStates();
  }

  static open(options: EngineOptions): LoupeEngine {
    return new LoupeEngine(options);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
