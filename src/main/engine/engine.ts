import os from 'node:os';
import sharp from 'sharp';
import { isReadOnlyHome, openCatalogDb, type CatalogDb } from './catalog/database.js';
import { FeatureRepository } from './catalog/feature-repository.js';
import { FileRepository } from './catalog/file-repository.js';
import { FolderRepository } from './catalog/folder-repository.js';
import { TagRepository } from './catalog/tag-repository.js';
import { homeLayout, type HomeLayout } from './home.js';
import { EmbedBatcher } from './inference/embed-batcher.js';
import { InferenceClient } from './inference/inference-client.js';
import type { InitResult } from './inference/protocol.js';
import type { ProviderChoice } from '../../shared/settings.js';
import { forkNodeWorker, type WorkerPortFactory } from './inference/worker-port.js';
import { LibraryService } from './library/library-service.js';
import { EditedCopyService } from './library/edited-copy-service.js';
import { FaceRepository } from './faces/face-repository.js';
import { AnalyzeStage } from './pipeline/analyze-stage.js';
import { EmbedStage } from './pipeline/embed-stage.js';
import type { Stage } from './pipeline/stage.js';
import { DEFAULT_WHITENING_FILE, bundledModelsDir, defaultWorkerScript } from './paths.js';
import { SettingsStore } from './settings.js';
import { TagService } from './tags/tag-service.js';
import { SearchRepository } from './catalog/search-repository.js';
import { TextSearchService } from './search/text-search-service.js';
import { SimilarityService } from './search/similarity-service.js';
import { ImageSearch, type SimilarHit } from './search/image-search.js';
import { findUserModel } from './models/user-model.js';
import path from 'node:path';
import { DuplicateRepository } from './catalog/duplicate-repository.js';
import { HashRepository } from './catalog/hash-repository.js';
import { DuplicateService } from './duplicates/duplicate-service.js';
import { CopyQualityRepository } from './catalog/copy-quality-repository.js';
import { COPY_QUALITY_STAGE, CopyQualityStage } from './pipeline/copy-quality-stage.js';
import { LocalCheckRepository } from './catalog/local-check-repository.js';
import { HashStage } from './pipeline/hash-stage.js';
import { PreviewStage } from './pipeline/preview-stage.js';
import { createSystemTrash, type TrashItemFunction } from './trash/system-trash.js';
import { TrashService } from './trash/trash-service.js';
import { MarksRepository } from './catalog/marks-repository.js';
import { MarksService } from './marks/marks-service.js';
import { ExportService } from './export/export-service.js';
import { LibraryLock, type LibraryLockOptions } from './home/library-lock.js';
import { isInsideOrEqual } from './library/folder-paths.js';
import { HomeReadOnlyError, isDiskFull } from './home/home-errors.js';
import { backupCatalog, type BackupInfo } from './home/catalog-health.js';
import { realPathOr } from './util/real-path.js';
import { TextMatcher } from './text/text-match.js';
import { TextTagStage } from './text/text-tag-stage.js';
import { TextReader } from './text/text-reader.js';
import { TextRepository } from './text/text-repository.js';
import { TextService } from './text/text-service.js';
import { TextStage } from './text/text-stage.js';
import { PlaceService } from './places/place-service.js';
import { DateService } from './dates/date-service.js';
import { PlaceStage } from './places/place-stage.js';
import { LearnedTagRepository } from './catalog/learned-tag-repository.js';
import { LearnService } from './learn/learn-service.js';
import { LearnVectors } from './learn/learn-vectors.js';
import { AutoTagChecker } from './learn/auto-tag-checker.js';
import { AutoTagCheckRepository } from './catalog/auto-tag-check-repository.js';
import { createPeopleModule, type PeopleModule } from './faces/people-module.js';
import type { HomeNotice } from '../../shared/home-types.js';
import type { DuplicateProgress } from '../../shared/duplicate-types.js';
import { SkippedRepository } from './catalog/skipped-repository.js';
import { AwaitingComparisonRepository } from './catalog/awaiting-comparison-repository.js';
import { UserDecisionsRepository } from './catalog/user-decisions-repository.js';
import { UnreportedAdditionsRepository } from './catalog/unreported-additions-repository.js';
import { DeepPriority } from './pipeline/deep-priority.js';

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
  provider?: ProviderChoice;
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
  /** the one-writer lock of the home: how this process is named in it, and what a waiting writer is told */
  lock?: LibraryLockOptions;
  /**
   * A reading command (status, search, similar, duplicates, people, text, places, ...): this process never writes
   * to the home. SQLite refuses writes on its connection, it never takes the writer lock (so an interrupted
   * clean-up is left to the next writer), and a similarity index it has to rebuild is used in memory only.
   */
  reader?: boolean;
  /** wraps each pipeline stage (benchmarks measure each stage's CPU time this way; default: the stages as they are) */
  wrapStage?: (stage: Stage) => Stage;
}

const LAST_PROVIDER_KEY = 'inference.lastReport';
/** the quick stages and versions the photos' states were last checked against in full (LibraryService.refreshStates) */
const STATES_CHECKED_KEY = 'pipeline.statesCheckedFor';

// Every photo is decoded once per run: libvips' operation cache would only hold memory.
sharp.cache(false);

/** The Loupe engine: one library home, its catalog and its services. Plain Node; the CLI, `loupe serve` and the
 *  Electron main process all drive this same object. */
export class LoupeEngine {
  readonly layout: HomeLayout;
  readonly library: LibraryService;
  /** the photos the user opened (the viewer): the deep pass does their stages first */
  readonly deepPriority = new DeepPriority();
  readonly tags: TagService;
  readonly textSearch: TextSearchService;
  readonly settings: SettingsStore;
  readonly inference: InferenceClient;
  readonly similarity: SimilarityService;
  readonly duplicates: DuplicateService;
  readonly trash: TrashService;
  /** one writer per library home: every run that changes the catalog holds it (see home/library-lock.ts) */
  readonly lock: LibraryLock;
  readonly learn: LearnService;
  readonly autoTagChecks: AutoTagChecker;
  /** text read in photos (loupe text, the viewer's text layer) */
  readonly text: TextService;
  private readonly imageSearch: ImageSearch;
  /** albums, favourites, ratings, colour labels, rotation */
  readonly marks: MarksService;
  readonly exports: ExportService;
  readonly places: PlaceService;
  /** capture dates set, shifted or cleared by hand */
  readonly dates: DateService;
  readonly people: PeopleModule;
  private readonly db: CatalogDb;
  private readonly files: FileRepository;
  private readonly warn: (message: string) => void;
  /** what the user should know about the home since it was opened (LibraryStatus.homeNotices) */
  private readonly notices: HomeNotice[] = [];
  /** opened for a reading command: never writes (EngineOptions.reader) */
  readonly reader: boolean;

  private constructor(options: EngineOptions) {
    this.layout = homeLayout(options.home);
    this.reader = options.reader ?? false;
    this.db = openCatalogDb(this.layout.root, undefined, { reader: this.reader });
    this.lock = new LibraryLock(this.layout.root, { ...options.lock, onAcquired: () => this.onWriterStart() });
    const lock = this.lock;
    const files = new FileRepository(this.db);
    this.files = files;
    const folders = new FolderRepository(this.db);
    const features = new FeatureRepository(this.db);
    const tagRepo = new TagRepository(this.db);
    this.settings = new SettingsStore(this.db);
    const settings = this.settings;
    const duplicateRepo = new DuplicateRepository(this.db);
    const warn = options.warn ?? ((m: string) => process.stderr.write(`warning: ${m}\n`));
    this.warn = warn;
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
        // One thread per core, sleeping when idle (see worker/sessions.ts): measured on a 2-core development machine
        // (bench/index-throughput.ts) 9.0 photos/s on Caltech and 5.2 on the hires set, against 6.3 and 4.8 with
        // one model thread and 2 files at a time.
        threads: options.modelThreads ?? os.availableParallelism(),
        detectSize: options.detectSize,
        userModel: user.model ?? undefined,
      },
      idleUnloadMs: 60_000,
      // Provider fallbacks are expected on machines without a GPU: information, not a warning.
      log: (_level, m) => info(m),
      // Remembered by writers only: a reading command (`loupe similar`) never writes to the catalog.
      onReady: (report) => {
        if (lock.held) this.settings.setRaw(LAST_PROVIDER_KEY, JSON.stringify(report));
      },
    });
    this.similarity = new SimilarityService({
      features,
      files,
      settings: this.settings,
      indexDir: path.join(this.layout.root, 'index'),
      defaultWhiteningFile: path.join(modelsDir, DEFAULT_WHITENING_FILE),
      userModel: user.model ? { id: user.model.id, dims: user.model.dims, fingerprint: user.model.fingerprint } : undefined,
      log: info,
      onNeighbours: (fileId, ids) => duplicateRepo.saveNeighbours(fileId, ids),
      // Only the library's writer saves the index file (and moves the catalog's generation on); anyone else uses
      // a rebuilt index in memory only.
      canWrite: () => !this.reader && lock.held,
    });
    this.imageSearch = new ImageSearch({ files, similarity: this.similarity, models: this.inference });
    const hashes = new HashRepository(this.db);
    const copyQuality = new CopyQualityRepository(this.db);
    const localChecks = new LocalCheckRepository(this.db);
    this.duplicates = new DuplicateService({
      repo: duplicateRepo,
      files,
      hashes,
      quality: copyQuality,
      checks: localChecks,
      settings: this.settings,
      embeddingOf: (fileId) => this.similarity.projectForDuplicates(features.of(fileId)),
      embeddingsOf: (fileIds) => this.similarity.projectManyForDuplicates(features.ofMany(fileIds)),
      neighbourIds: (fileId, k) => this.similarity.neighbourIds(fileId, k),
      // Listing groups places new photos first, but only when no other process writes (that one does it itself).
      whenWriting: async (update) => {
        if (this.reader || !lock.tryAcquire('grouping duplicates in')) return;
        try {
          await update();
        } finally {
          lock.release();
        }
      },
    });
    const textRepo = new TextRepository(this.db);
    const textReader = new TextReader(this.inference);
    this.places = new PlaceService({ db: this.db, files });
    this.dates = new DateService({ db: this.db });
    this.people = createPeopleModule({
      db: this.db, files, inference: this.inference, thumbnailDir: this.layout.thumbnails, indexDir: path.join(this.layout.root, 'index'),
    });
    const stages: Stage[] = [
      new AnalyzeStage(this.layout.thumbnails),
      new PlaceStage({ places: this.places, files }),
      new HashStage({ hashes, duplicates: duplicateRepo, thumbnailDir: this.layout.thumbnails }),
      new EmbedStage({
        batcher: new EmbedBatcher(this.inference),
        features,
        tags: tagRepo,
        thumbnailDir: this.layout.thumbnails,
        onEmbedded: async (fileId, raw) => {
          await this.similarity.onEmbedded(fileId, raw);
          // learned tags on new and changed photos, straight after their features are stored; a learned tag's
          // problem must never fail the photo's indexing
          try {
            this.learn.onEmbedded(fileId, raw);
          } catch (err) {
            warn(`learned tags were not applied to photo ${fileId}: ${(err as Error).message}`);
          }
        },
        onDetections: (file, detections) => this.people.detectionsSeen(file, detections),
        // A user's own model (or a new version of it) makes every photo due for embedding again.
        version: user.model ? 100 + Number.parseInt(user.model.fingerprint.slice(0, 7), 16) : 1,
      }),
      // the first deep stage: the viewer-size image the deep stages after it read
      new PreviewStage(this.layout.thumbnails),
      new CopyQualityStage({ quality: copyQuality, checks: localChecks, duplicates: duplicateRepo }),
      new TextStage({ reader: textReader, repo: textRepo, thumbnailDir: this.layout.thumbnails }),
      new TextTagStage({ text: textRepo, tags: tagRepo }),
      this.people.stage,
    ].map((stage) => options.wrapStage?.(stage) ?? stage);
    this.library = new LibraryService({
      files,
      folders,
      layout: this.layout,
      stages,
      // Enough files in flight to fill the model's batches (EmbedBatcher) while others decode.
      concurrency: options.concurrency ?? Math.min(8, 4 * os.availableParallelism()),
      warn,
      writer: lock,
      skipped: new SkippedRepository(this.db),
      priority: this.deepPriority,
      unreported: new UnreportedAdditionsRepository(this.db),
      editedCopies: new EditedCopyService({
        files,
        hashes,
        faces: new FaceRepository(this.db),
        decisions: new UserDecisionsRepository(this.db),
        waiting: new AwaitingComparisonRepository(this.db),
        embeddingOf: (fileId) => this.similarity.projectForDuplicates(features.of(fileId)),
        thumbnailDir: this.layout.thumbnails,
      }),
      afterRun: async () => {
        await this.similarity.afterIndexRun();
        // a refitted whitening moves every vector: learned tags retrain from their examples in the new space
        await this.learn.refreshStale(warn);
        // automatic tags the photo's appearance contradicts hide, weak ones it supports show
        await this.autoTagChecks.run().catch((err: Error) => warn(`the automatic tags were not checked: ${err.message}`));
        await this.duplicates.update();
        await this.backUp();
      },
      // grouping faces into people follows the faces stage; duplicates are grouped again once the copy-quality
      // stage (a deep one) has stored the local features crops are matched by (saving them un-places the photo)
      afterDeepPass: async () => {
        this.people.people.update();
        await this.duplicates.update();
      },
    });
    this.marks = new MarksService({ marks: new MarksRepository(this.db), files });
    this.exports = new ExportService({ files });
    this.trash = new TrashService({
      db: this.db,
      files,
      tags: tagRepo,
      duplicates: this.duplicates,
      systemTrash: createSystemTrash({ trashItem: options.trashItem, homeTrashDir: options.trashDir }),
      folderOf: (filePath) => this.library.folderIdOf(filePath),
      afterChange: () => this.similarity.afterIndexRun(),
      marks: this.marks,
      warn,
      writer: lock,
      insideLibrary: (real) => this.library.listFolders().some((f) => isInsideOrEqual(real, realPathOr(f.path))),
    });
    this.tags = new TagService({ files, tags: tagRepo, settings: this.settings });
    const learnVectors = new LearnVectors({ features, whitening: () => this.similarity.whiteningInUse() });
    this.learn = new LearnService({ files, tags: tagRepo, learned: new LearnedTagRepository(this.db), vectors: learnVectors });
    this.autoTagChecks = new AutoTagChecker({
      checks: new AutoTagCheckRepository(this.db),
      vectors: learnVectors,
      threshold: () => this.settings.get('tagThreshold'),
    });
    const textMatcher = new TextMatcher(textRepo);
    this.textSearch = new TextSearchService({
      search: new SearchRepository(this.db),
      tags: tagRepo,
      settings: this.settings,
      // A place is where the photo was taken: it counts like a date (the photo does not show it).
      sources: [
        { kind: 'place', weight: 0.8, idsMatching: (term) => this.places.idsMatchingTerm(term) },
        // a person's name: the photo shows them, it counts like a tag
        { kind: 'person', weight: 1, idsMatching: (term) => this.people.people.fileIdsNamed(term), namesLeftOut: (term) => this.people.people.namesHidden(term) },
      ],
      text: textMatcher,
    });
    this.text = new TextService({ reader: textReader, repo: textRepo, files, matcher: textMatcher });
    // A stage list or version changed by an upgrade, a clean-up a crash interrupted: a writer puts them right, this
    // process now if no other writes (a read-only home is left as it is).
    // A reader leaves all of it to the next writer.
    let writer = false;
    try {
      writer = !this.reader && lock.tryAcquire('opening');
    } catch (err) {
      if (!(err instanceof HomeReadOnlyError)) throw err;
    }
    if (writer) lock.release();
  }

  /** The automatic catalog backup after a successful run (at most one an hour, the last few kept). A failed backup
   *  is a warning: the run itself succeeded. */
  async backUp(force = false): Promise<BackupInfo | null> {
    try {
      return await backupCatalog(this.db, this.layout.root, force);
    } catch (err) {
      this.warn(`the catalog could not be backed up: ${isDiskFull(err) ? `the disk holding ${this.layout.root} is full` : (err as Error).message}`);
      return null;
    }
  }

  /** Runs whenever this process becomes the library's writer: first finishes what an interrupted writer left. */
  private onWriterStart(): void {
    const recovered = this.trash.recoverInterrupted();
    const said: HomeNotice[] = [];
    if (recovered.finished.length) said.push({ key: 'cleanup-finished', count: recovered.finished.length });
    if (recovered.rolledBack.length) said.push({ key: 'cleanup-rolled-back', count: recovered.rolledBack.length });
    for (const n of said) {
      this.warn(this.describeNotice(n));
      this.notices.push(n);
    }
    this.files.clearSettledErrors();
    const checked = this.library.refreshStates(this.settings.getRaw(STATES_CHECKED_KEY));
    if (checked !== this.settings.getRaw(STATES_CHECKED_KEY)) this.settings.setRaw(STATES_CHECKED_KEY, checked);
  }

  /** What the user should know about the library home (read-only, an interrupted clean-up finished). */
  homeNotices(): HomeNotice[] {
    const waiting = this.reader && this.trash.hasInterrupted() ? [{ key: 'cleanup-waiting' as const, count: 0 }] : [];
    return [...(isReadOnlyHome(this.db) ? [{ key: 'read-only' as const, count: 0, folder: this.layout.root }] : []), ...this.notices, ...waiting];
  }

  /** homeNotices in English (the CLI, logs), or null. */
  homeNotice(): string | null {
    const all = this.homeNotices().map((n) => this.describeNotice(n));
    return all.length ? all.join(' ') : null;
  }

  private describeNotice(n: HomeNotice): string {
    switch (n.key) {
      case 'read-only':
        return `The library home ${this.layout.root} is read-only: photos can be browsed, not changed.`;
      case 'cleanup-finished':
        return `An interrupted clean-up was finished: ${n.count} photo(s) are in the trash and can be put back (loupe restore).`;
      case 'cleanup-rolled-back':
        return `An interrupted clean-up was undone for ${n.count} photo(s) that had not been moved yet.`;
      case 'cleanup-waiting':
        return 'A clean-up was interrupted: the next run that changes the library (loupe index, watch, serve) finishes it; nothing is lost meanwhile.';
    }
  }

  /** How many photos the duplicate groups have yet to take in: those the copy-quality stage (the last one copies are
   *  found by: crops and turned copies need its keypoints) has not run on, quick pass included. During a first index
   *  an empty list means "none yet", not "none". */
  duplicateProgress(): DuplicateProgress {
    return this.library.stageProgress(COPY_QUALITY_STAGE);
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

  /** Photos that look like `image` (a catalogued photo, or any image file): see ImageSearch. */
  similar(image: string, k: number, label?: string): Promise<{ query: string; results: SimilarHit[] }> {
    return this.imageSearch.similar(image, k, label);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      // The index file is a writer's to save; a reader's in-memory copy is dropped.
      let writer = false;
      try {
        writer = !this.reader && this.lock.tryAcquire('closing');
      } catch {
        writer = false; // a read-only or vanished home: nothing to save
      }
      try {
        this.similarity.close(writer);
      } finally {
        if (writer) this.lock.release();
      }
    } finally {
      await this.inference.close();
      if (this.db.open) this.db.close();
    }
  }
}
