import os from 'node:os';
import sharp from 'sharp';
import { openCatalogDb, type CatalogDb } from './catalog/database.js';
import { FeatureRepository } from './catalog/feature-repository.js';
import { FileRepository } from './catalog/file-repository.js';
import { FolderRepository } from './catalog/folder-repository.js';
import { TagRepository } from './catalog/tag-repository.js';
import { homeLayout, type HomeLayout } from './home.js';
import { EmbedBatcher } from './inference/embed-batcher.js';
import { InferenceClient } from './inference/inference-client.js';
import type { InitResult, ProviderSetting } from './inference/protocol.js';
import { forkNodeWorker, type WorkerPortFactory } from './inference/worker-port.js';
import { LibraryService } from './library/library-service.js';
import { AnalyzeStage } from './pipeline/analyze-stage.js';
import { EmbedStage } from './pipeline/embed-stage.js';
import type { Stage } from './pipeline/stage.js';
import { bundledModelsDir, defaultWorkerScript } from './paths.js';
import { SettingsStore } from './settings.js';
import { TagService } from './tags/tag-service.js';
import { SearchRepository } from './catalog/search-repository.js';
import { TextSearchService } from './search/text-search-service.js';
import { SimilarityService, type SimilarHit } from './search/similarity-service.js';
import { analyzePhoto } from './media/index.js';
import { MODEL_PREVIEW_EDGE } from './pipeline/embed-stage.js';
import { LibraryError } from './errors.js';
import { findUserModel } from './models/user-model.js';
import path from 'node:path';
import { DuplicateRepository } from './catalog/duplicate-repository.js';
import { HashRepository } from './catalog/hash-repository.js';
import { DuplicateService } from './duplicates/duplicate-service.js';
import { HashStage } from './pipeline/hash-stage.js';
import { createSystemTrash, type TrashItemFunction } from './trash/system-trash.js';
import { TrashService } from './trash/trash-service.js';
import { createPeopleModule, type PeopleModule } from './faces/people-module.js';

export interface EngineOptions {
  /** the library home folder (see resolveHome) */
  home: string;
  /** where warnings that concern no single file go (default: stderr) */
  warn?: (message: string) => void;
  /** where informational lines go (which provider runs, ...) (default: nowhere) */
  info?: (message: string) => void;
  /** files processed at once (default: 4 per CPU core, at most 8) */
  concurrency?: number;
  /** overrides the stored `provider` setting for this session (`--provider`) */
  provider?: ProviderSetting;
  /** how the model process is started (default: a Node child process; the desktop app passes a utilityProcess) */
  workerPort?: WorkerPortFactory;
  /** the bundled models (default: resources/models of the package) */
  modelsDir?: string;
  /** the detector's input size (benchmarks; default: the manifest's) */
  detectSize?: number;
  /** CPU threads of the model process (default: one per core) */
  modelThreads?: number;
  /** macOS/Windows: how a file goes to the system trash (the app passes Electron's shell.trashItem) */
  trashItem?: TrashItemFunction;
  /** the freedesktop trash folder (tests point it into a temp folder; default: $XDG_DATA_HOME/Trash) */
  trashDir?: string;
}

const LAST_PROVIDER_KEY = 'inference.lastReport';

// Every photo is decoded once per run: libvips' operation cache would only hold memory.
sharp.cache(false);

/** The Loupe engine: one library home, its catalog and its services. Plain Node; the CLI, `loupe serve` and the
 *  Electron main process all drive this same object. */
export class LoupeEngine {
  readonly layout: HomeLayout;
  readonly library: LibraryService;
  readonly tags: TagService;
  readonly textSearch: TextSearchService;
  readonly settings: SettingsStore;
  readonly inference: InferenceClient;
  readonly similarity: SimilarityService;
  readonly duplicates: DuplicateService;
  readonly trash: TrashService;
  readonly people: PeopleModule;
  private readonly db: CatalogDb;
  private readonly files: FileRepository;

  private constructor(options: EngineOptions) {
    this.layout = homeLayout(options.home);
    this.db = openCatalogDb(this.layout.root);
    const files = new FileRepository(this.db);
    this.files = files;
    const folders = new FolderRepository(this.db);
    const features = new FeatureRepository(this.db);
    const tagRepo = new TagRepository(this.db);
    this.settings = new SettingsStore(this.db);
    const settings = this.settings;
    const duplicateRepo = new DuplicateRepository(this.db);
    const warn = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
    const info = options.info ?? (() => {});

    const modelsDir = options.modelsDir ?? bundledModelsDir();
    const user = findUserModel(this.layout.root);
    for (const problem of user.problems) warn(`a model in the library home was not used: ${problem}`);
    if (user.model) info(`find-similar uses your model ${user.model.id} (${user.model.file})`);
    this.inference = new InferenceClient({
      createPort: options.workerPort ?? (() => forkNodeWorker(defaultWorkerScript())),
      init: {
        modelDirs: [modelsDir],
        // Read each time the model process starts (it unloads after a minute idle): a provider chosen in the
        // settings takes effect at the next start, without restarting Loupe.
        get provider() {
          return options.provider ?? settings.get('provider');
        },
        // One thread per core, sleeping when idle (see worker/sessions.ts): measured on this 2-core machine
        // (bench/index-throughput.ts) 9.0 photos/s on Caltech and 5.2 on the hires set, against 6.3 and 4.8 with
        // one model thread and 2 files at a time.
        threads: options.modelThreads ?? os.availableParallelism(),
        detectSize: options.detectSize,
        userModel: user.model ?? undefined,
      },
      idleUnloadMs: 60_000,
      // Provider fallbacks are expected on machines without a GPU: information, not a warning.
      log: (_level, m) => info(m),
      onReady: (report) => this.settings.setRaw(LAST_PROVIDER_KEY, JSON.stringify(report)),
    });
    this.similarity = new SimilarityService({
      features,
      files,
      settings: this.settings,
      indexDir: path.join(this.layout.root, 'index'),
      defaultWhiteningFile: path.join(modelsDir, 'whitening-default.bin'),
      userModel: user.model ? { id: user.model.id, dims: user.model.dims, fingerprint: user.model.fingerprint } : undefined,
      log: info,
      onNeighbours: (fileId, ids) => duplicateRepo.saveNeighbours(fileId, ids),
    });
    const hashes = new HashRepository(this.db);
    this.duplicates = new DuplicateService({
      repo: duplicateRepo,
      files,
      hashes,
      settings: this.settings,
      embeddingOf: (fileId) => this.similarity.projectForDuplicates(features.of(fileId)),
      embeddingsOf: (fileIds) => this.similarity.projectManyForDuplicates(fileIds.map((id) => features.of(id))),
      neighbourIds: (fileId, k) => this.similarity.neighbourIds(fileId, k),
    });
    this.people = createPeopleModule({ db: this.db, files, inference: this.inference, thumbnailDir: this.layout.thumbnails });
    const stages: Stage[] = [
      new AnalyzeStage(this.layout.thumbnails),
      new HashStage({ hashes, thumbnailDir: this.layout.thumbnails }),
      new EmbedStage({
        batcher: new EmbedBatcher(this.inference),
        features,
        tags: tagRepo,
        thumbnailDir: this.layout.thumbnails,
        onEmbedded: (fileId, raw) => this.similarity.onEmbedded(fileId, raw),
        // A user's own model (or a new version of it) makes every photo due for embedding again.
        version: user.model ? 100 + Number.parseInt(user.model.fingerprint.slice(0, 7), 16) : 1,
      }),
      this.people.stage,
    ];
    this.library = new LibraryService({
      files,
      folders,
      layout: this.layout,
      stages,
      // Enough files in flight to fill the model's batches (EmbedBatcher) while others decode.
      concurrency: options.concurrency ?? Math.min(8, 4 * os.availableParallelism()),
      warn,
      afterRun: async () => {
        await this.similarity.afterIndexRun();
        await this.duplicates.update();
      },
      // grouping faces into people follows the faces stage
      afterDeepPass: async () => {
        this.people.people.update();
      },
    });
    this.trash = new TrashService({
      db: this.db,
      files,
      tags: tagRepo,
      duplicates: this.duplicates,
      systemTrash: createSystemTrash({ trashItem: options.trashItem, homeTrashDir: options.trashDir }),
      folderOf: (filePath) => this.library.folderIdOf(filePath),
      afterChange: () => this.similarity.afterIndexRun(),
      warn,
    });
    this.tags = new TagService({ files, tags: tagRepo, settings: this.settings });
    this.textSearch = new TextSearchService({
      search: new SearchRepository(this.db), tags: tagRepo, settings: this.settings, people: this.people.people,
    });
    this.library.refreshStates();
  }

  /** The catalog database, for read-only queries of the layers above (the API backend's photo listing). */
  get database(): CatalogDb {
    return this.db;
  }

  static open(options: EngineOptions): LoupeEngine {
    return new LoupeEngine(options);
  }

  /** The execution provider the models ran on last (this or an earlier session), and why others were not used. */
  lastProviderReport(): InitResult | null {
    const raw = this.settings.getRaw(LAST_PROVIDER_KEY);
    try {
      return raw ? (JSON.parse(raw) as InitResult) : null;
    } catch {
      return null; // a damaged record only means "not known"
    }
  }

  /**
   * Photos that look like `image`: a catalogued photo (itself left out) or any image file outside the library,
   * which is decoded and run through the models without being added. Best first, scores are cosine similarities.
   */
  async similar(image: string, k: number): Promise<{ query: string; results: SimilarHit[] }> {
    const query = path.resolve(image);
    const row = this.files.byPath(query);
    let hits;
    if (row) {
      hits = await this.similarity.similarToFile(row.id, k);
    } else {
      const photo = await analyzePhoto(query, { mtimeMs: Date.now(), previewEdge: MODEL_PREVIEW_EDGE }).catch((err) => {
        throw new LibraryError(`Cannot search by ${query}: ${(err as { reason?: string }).reason ?? (err as Error).message}`);
      });
      const [result] = await this.inference.embed([{ data: photo.preview.data, width: photo.preview.width, height: photo.preview.height }]);
      hits = await this.similarity.similarToFeatures(result.features, k);
    }
    const results: SimilarHit[] = [];
    for (const h of hits) {
      const file = this.files.byId(h.id);
      if (file) results.push({ path: file.path, score: Math.round(h.score * 10000) / 10000 });
    }
    return { query, results };
  }

  async close(): Promise<void> {
    try {
      this.similarity.close();
    } finally {
      await this.inference.close();
      if (this.db.open) this.db.close();
    }
  }
}
