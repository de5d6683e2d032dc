// Versioned schema migrations. Each runs once, in its own transaction, and bumps PRAGMA user_version.
// Never edit a released migration: append a new one.
import type Database from 'better-sqlite3';
import { rebuildTextSearchDocuments } from './text-search-documents.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
  /** Rewrites rows in code after `sql`, in the same transaction: what SQL cannot compute. */
  rewrite?: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'folders, files with metadata, per-stage processing state, per-file errors',
    sql: `
      CREATE TABLE folders (
        id            INTEGER PRIMARY KEY,
        path          TEXT NOT NULL UNIQUE,
        added_at      INTEGER NOT NULL,
        last_scan_at  INTEGER,
        -- 'ok', or 'missing' / 'unreadable' while the folder cannot be walked: its files are then kept as they are
        status        TEXT NOT NULL DEFAULT 'ok',
        status_reason TEXT
      );

      -- One row per photo file. The row is the photo's identity: a move or rename updates path and keeps the row
      -- (and so everything attached to it); content_hash is how a moved file is recognised.
      CREATE TABLE files (
        id              INTEGER PRIMARY KEY,
        folder_id       INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        path            TEXT NOT NULL UNIQUE,
        size            INTEGER NOT NULL,
        mtime_ms        INTEGER NOT NULL,
        content_hash    TEXT NOT NULL,
        format          TEXT,
        format_label    TEXT,
        width           INTEGER,
        height          INTEGER,
        orientation     INTEGER,
        taken_at        TEXT,
        taken_at_source TEXT,
        camera_make     TEXT,
        camera_model    TEXT,
        lens            TEXT,
        gps_lat         REAL,
        gps_lon         REAL,
        gps_alt         REAL,
        -- 'pending' (some stage is due), 'ready', or 'failed' (see file_errors)
        state           TEXT NOT NULL DEFAULT 'pending',
        added_at        INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );
      CREATE INDEX files_content_hash ON files(content_hash);
      CREATE INDEX files_folder ON files(folder_id);
      CREATE INDEX files_state ON files(state);
      CREATE INDEX files_taken_at ON files(taken_at);

      -- A stage's result is valid for one content (hash) and one version of the stage's algorithm.
      CREATE TABLE file_stages (
        file_id      INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        stage        TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        version      INTEGER NOT NULL,
        done_at      INTEGER NOT NULL,
        PRIMARY KEY (file_id, stage)
      );

      CREATE TABLE file_errors (
        file_id      INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        stage        TEXT NOT NULL,
        code         TEXT NOT NULL,
        reason       TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        at           INTEGER NOT NULL,
        PRIMARY KEY (file_id, stage)
      );

      -- Settings of this library home (key -> JSON value).
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'per-file model features, automatic and user tags',
    sql: `
      -- Raw pooled model outputs per branch (float32 little-endian). Whitening and fusion are applied on top, so a
      -- new whitening fit re-projects these without running the models again.
      CREATE TABLE features (
        file_id      INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        branch       TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        dims         INTEGER NOT NULL,
        data         BLOB NOT NULL,
        PRIMARY KEY (file_id, branch)
      );

      CREATE TABLE tags (
        id      INTEGER PRIMARY KEY,
        name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name_zh TEXT
      );

      -- source 'auto': written by the tagging stage, replaced whenever it runs again.
      -- source 'user': added (removed = 0) or removed (removed = 1, hides an automatic tag) by hand; never
      -- touched by any stage.
      CREATE TABLE file_tags (
        file_id    INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        source     TEXT NOT NULL CHECK (source IN ('auto', 'user')),
        confidence REAL,
        removed    INTEGER NOT NULL DEFAULT 0,
        added_at   INTEGER NOT NULL,
        PRIMARY KEY (file_id, tag_id, source)
      );
      CREATE INDEX file_tags_tag ON file_tags(tag_id);
    `,
  },
  {
    version: 3,
    description: 'stage version on errors, so a new version of a stage retries what the old one failed',
    sql: `ALTER TABLE file_errors ADD COLUMN version INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 4,
    description: 'duplicate signals, duplicate groups and similar-shot stacks, the trash log',
    sql: `
      -- Perceptual hashes of a file's preview: the 8 rotation/mirror variants of the whole picture and of its
      -- centred 90% window (8 bytes each, big-endian), and how much structure the hash saw (flat pictures are
      -- never matched perceptually).
      CREATE TABLE photo_hashes (
        file_id      INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        whole        BLOB NOT NULL,
        centre       BLOB NOT NULL,
        residual_rms REAL NOT NULL
      );

      -- Groups are kept between runs so that a new photo is compared with what exists (incremental). kind
      -- 'duplicate' (exact and near copies) and 'similar' (bursts and retakes) are grouped independently.
      -- Every member matched the group's representative (no chaining).
      CREATE TABLE dup_groups (
        id                INTEGER PRIMARY KEY,
        kind              TEXT NOT NULL CHECK (kind IN ('duplicate', 'similar')),
        -- no foreign key: when the representative goes, the group is dissolved and the rest are placed again
        representative_id INTEGER NOT NULL
      );
      CREATE TABLE dup_members (
        file_id  INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        kind     TEXT NOT NULL,
        group_id INTEGER NOT NULL REFERENCES dup_groups(id) ON DELETE CASCADE,
        score    REAL NOT NULL,
        -- how the member matched the representative (PairExplanation JSON; null for the representative)
        evidence TEXT,
        PRIMARY KEY (file_id, kind)
      );
      CREATE INDEX dup_members_group ON dup_members(group_id);
      -- Nearest photos by embedding, found by the similarity index's own neighbour search while indexing (for
      -- neighbour augmentation): the duplicate finder's embedding candidates, read in both directions.
      CREATE TABLE dup_candidates (
        file_id  INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        other_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        PRIMARY KEY (file_id, other_id)
      );
      CREATE INDEX dup_candidates_other ON dup_candidates(other_id);
      -- Which content of which file has been compared with the library (grouped or found to be unique).
      CREATE TABLE dup_placed (
        file_id      INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        kind         TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (file_id, kind)
      );

      -- Files Loupe moved to the system trash, with what is needed to put them back and restore their user tags.
      CREATE TABLE trash_log (
        id          INTEGER PRIMARY KEY,
        batch       TEXT NOT NULL,
        path        TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        -- the platform trash's record of the item (JSON), used to restore it
        item        TEXT NOT NULL,
        -- the user tags the file had, and the tags merged into the keeper because of it (JSON)
        user_tags   TEXT NOT NULL,
        -- the file's whole catalog record (catalog-snapshot.ts), put back on restore without re-indexing
        catalog     TEXT,
        merged_into INTEGER,
        merged_tags TEXT NOT NULL DEFAULT '[]',
        trashed_at  INTEGER NOT NULL,
        restored_at INTEGER
      );
      CREATE INDEX trash_log_batch ON trash_log(batch);
    `,
  },
  {
    version: 10,
    description: 'clean-up as a journal: each trash_log row records its intent before the file moves',
    sql: `
      -- 'planned': intent recorded and tags merged, nothing moved yet; 'moving': a place in the trash is reserved
      -- (item says where) and the file is being moved; 'done': moved, and the catalog record left the files table.
      -- A clean-up interrupted by a crash is finished or rolled back from here at the next start (trash-journal.ts).
      ALTER TABLE trash_log ADD COLUMN state TEXT NOT NULL DEFAULT 'done';
      CREATE INDEX trash_log_open ON trash_log(state) WHERE state <> 'done';
    `,
  },
  {
    version: 30,
    description: "the user's marks: favourite, star rating, colour label and viewer rotation on the photo's row; albums",
    sql: `
      -- On the files row, so a move or rename (which keeps the row) keeps them, and the trash snapshot carries them.
      ALTER TABLE files ADD COLUMN favourite INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE files ADD COLUMN rating INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE files ADD COLUMN color_label TEXT;
      -- quarter turns clockwise applied when shown; the file on disk is never rewritten
      ALTER TABLE files ADD COLUMN user_rotation INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX files_favourite ON files(favourite) WHERE favourite = 1;
      CREATE INDEX files_rating ON files(rating) WHERE rating > 0;
      CREATE TABLE albums (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE album_photos (
        album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
        file_id  INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        added_at INTEGER NOT NULL,
        PRIMARY KEY (album_id, file_id)
      );
      CREATE INDEX album_photos_file ON album_photos(file_id);
    `,
  },
  {
    version: 40,
    description: 'people: faces found in photos (box, landmarks, quality, descriptor), people, and the user\'s "not this person" decisions',
    sql: `
      -- A person is a group of faces. It keeps its id for life: clustering only ever adds unassigned faces to people
      -- or makes new people, never renames, merges or dissolves one (only the user does).
      CREATE TABLE people (
        id         INTEGER PRIMARY KEY,
        name       TEXT,
        hidden     INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      -- One row per face. Box and landmarks in pixels of the photo as displayed (EXIF orientation applied).
      CREATE TABLE faces (
        id            INTEGER PRIMARY KEY,
        file_id       INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        content_hash  TEXT NOT NULL,
        -- 'detected' (the face stage), 'manual' (drawn by the user), 'imported' (XMP face regions)
        source        TEXT NOT NULL,
        x REAL NOT NULL, y REAL NOT NULL, w REAL NOT NULL, h REAL NOT NULL,
        landmarks     TEXT,
        score         REAL NOT NULL,
        sharpness     REAL,
        -- the face's size in the pixels the models saw (the eye distance)
        eye_distance  REAL,
        -- 'ok' faces are grouped; 'small' and 'blurred' ones are listed but kept out of grouping
        quality       TEXT NOT NULL,
        descriptor    BLOB,
        model         TEXT,
        person_id     INTEGER REFERENCES people(id) ON DELETE SET NULL,
        -- who put the face in its person: 'auto' (grouping) or 'user' (a decision no re-run undoes)
        assigned_by   TEXT,
        -- 1 when the user said this is not a face: kept (so the detector cannot bring it back), never shown
        removed       INTEGER NOT NULL DEFAULT 0,
        -- a name read from the file's own face regions (XMP), applied as the user's decision
        imported_name TEXT
      );
      CREATE INDEX faces_file ON faces(file_id);
      CREATE INDEX faces_person ON faces(person_id);
      -- "Not this person": the face is never put into, or suggested for, that person again.
      CREATE TABLE face_rejections (
        face_id   INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        PRIMARY KEY (face_id, person_id)
      );
    `,
  },
  {
    version: 50,
    description: 'text read in photos: lines with boxes, and a trigram index for words and Chinese substrings',
    sql: `
      -- The lines the text stage read in a photo (src/main/engine/text), valid for one content hash. Boxes are in
      -- pixels of the photo as displayed (EXIF orientation applied). A photo read with no text has no rows.
      CREATE TABLE text_lines (
        file_id      INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        line         INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        text         TEXT NOT NULL,
        confidence   REAL NOT NULL,
        x            INTEGER NOT NULL,
        y            INTEGER NOT NULL,
        w            INTEGER NOT NULL,
        h            INTEGER NOT NULL,
        PRIMARY KEY (file_id, line)
      );
      -- One document per photo (rowid = file id): its lines normalised (NFKC, lower case, letters and digits
      -- only) and joined. Trigrams find any substring of 3+ characters, Chinese included, without a word list.
      CREATE VIRTUAL TABLE text_search USING fts5(body, tokenize = 'trigram');
      CREATE TRIGGER text_search_file_gone AFTER DELETE ON files BEGIN
        DELETE FROM text_search WHERE rowid = old.id;
      END;
    `,
  },
  {
    version: 60,
    description: 'where each photo was taken: city, region and country in English and Chinese, from its GPS or set by hand',
    sql: `
      -- One row per photo with a GPS position or a place set by hand. source 'gps': written by the places stage,
      -- replaced when it runs again; source 'user': set by hand, never touched by any stage (it wins over the GPS).
      -- A 'gps' row with a reason is a position that could not be placed (0,0, out of range, at sea).
      CREATE TABLE photo_places (
        file_id      INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
        source       TEXT NOT NULL CHECK (source IN ('gps', 'user')),
        lat          REAL,
        lon          REAL,
        city         TEXT,
        region       TEXT,
        country      TEXT,
        city_zh      TEXT,
        region_zh    TEXT,
        country_zh   TEXT,
        country_code TEXT,
        reason       TEXT,
        -- every name and alias, folded (lower case, no accents), between spaces: ' new york city new york ... 纽约州 '
        search_text  TEXT NOT NULL DEFAULT '',
        updated_at   INTEGER NOT NULL
      );
      CREATE INDEX photo_places_country_city ON photo_places(country, city);
      CREATE INDEX photo_places_lat ON photo_places(lat);
    `,
  },
  {
    version: 20,
    description: 'duplicates: what each copy looks like as a copy (for the keeper), and the keeper the user chose',
    sql: `
      -- Per file, from its preview and its JPEG header (duplicates/copy-quality.ts): the padding share of its canvas
      -- (a rotated or letterboxed copy), contrast-normalised sharpness, noise, chroma (0 = grey), the JPEG quality
      -- its quantisation tables say (NULL when not a JPEG), and the share of textured blocks.
      CREATE TABLE photo_quality (
        file_id        INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
        content_hash   TEXT NOT NULL,
        padding_share  REAL NOT NULL,
        sharpness      REAL NOT NULL,
        noise          REAL NOT NULL,
        chroma         REAL NOT NULL,
        jpeg_quality   REAL,
        textured_share REAL NOT NULL
      );
      -- The copy the user chose to keep: it is the keeper of whatever group it is in, whatever the rules say, until
      -- the user chooses another one of that group (a re-run or a regrouping never undoes it).
      CREATE TABLE dup_keep_choice (
        file_id    INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
        chosen_at  INTEGER NOT NULL
      );
    `,
  },
  {
    version: 21,
    description: 'duplicates: local features (keypoints) per photo, to find crops and rotations and veto look-alikes',
    sql: `
      -- duplicates/local-features.ts packLocalFeatures: the FEATURE_EDGE image size, up to 200 keypoint positions
      -- and their 32-byte BRIEF descriptors (about 7 KB).
      CREATE TABLE photo_keypoints (
        file_id      INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        data         BLOB NOT NULL
      );
    `,
  },
  {
    version: 22,
    description: 'duplicates: how many colours a copy has (a tinted grey picture is not a colour original)',
    sql: `ALTER TABLE photo_quality ADD COLUMN hue_spread REAL NOT NULL DEFAULT 0;`,
  },
  {
    version: 70,
    description: 'learned tags: a model per tag taught from examples, its examples, and the photos it tagged',
    sql: `
      -- A tag the user taught from examples. The model (JSON: classifier, calibration, feature space) is applied
      -- to the whole library and to new photos; threshold is on its calibrated score (0..1).
      CREATE TABLE learned_tags (
        id         INTEGER PRIMARY KEY,
        tag_id     INTEGER NOT NULL UNIQUE REFERENCES tags(id) ON DELETE CASCADE,
        model      TEXT NOT NULL,
        threshold  REAL NOT NULL,
        -- the cross-validated figures at training time (JSON)
        cv         TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        trained_at INTEGER NOT NULL
      );
      -- The user's examples (positive = 1) and counter-examples (positive = 0) of a learned tag.
      CREATE TABLE learned_examples (
        learned_id INTEGER NOT NULL REFERENCES learned_tags(id) ON DELETE CASCADE,
        file_id    INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        positive   INTEGER NOT NULL,
        added_at   INTEGER NOT NULL,
        PRIMARY KEY (learned_id, file_id)
      );
      -- What a learned tag put on photos (at or above its threshold), kept apart from automatic and hand tags: a
      -- retrain replaces these rows only; a hand removal (a 'user' row in file_tags) hides them and is never undone.
      CREATE TABLE learned_file_tags (
        learned_id INTEGER NOT NULL REFERENCES learned_tags(id) ON DELETE CASCADE,
        file_id    INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        confidence REAL NOT NULL,
        PRIMARY KEY (learned_id, file_id)
      );
      CREATE INDEX learned_file_tags_file ON learned_file_tags(file_id);
    `,
  },
  {
    // #17: photos seen in a library folder but not catalogued (a name that is not valid UTF-8, a link out of the
    // library), each with its reason, so `status` and the UI's failure list name them until they are fixed. Rows
    // are replaced at every scan of their folder.
    version: 90,
    description: 'photos seen but not catalogued (a name that is not UTF-8, a link out of the library), with the reason',
    sql: `
      CREATE TABLE skipped_files (
        path      TEXT PRIMARY KEY,
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        code      TEXT NOT NULL,
        reason    TEXT NOT NULL,
        at        INTEGER NOT NULL
      );
    `,
  },
  {
    version: 110,
    // Stored raw features are keyed by branch: a library indexed before the rename keeps its vectors.
    description: "the MobileNetV2 feature branch is named after its role ('mobilenet'), not the nsfwjs package its weights come from",
    sql: `UPDATE features SET branch = 'mobilenet' WHERE branch = 'nsfw';`,
  },
  {
    version: 120,
    description: "automatic tags checked by appearance: a shown one the photo's look contradicts, a weak one it supports",
    sql: `
      -- The verdict of learn/auto-tag-check.ts on one automatic tag (file_tags, source 'auto'): -1 = contradicted
      -- (hidden although the detector was sure enough), 1 = supported (shown although below the display threshold).
      -- Replaced as a whole by each check; never about hand tags or removals, which always win (SHOWN_TAG_SQL).
      CREATE TABLE auto_tag_checks (
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        tag_id  INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        verdict INTEGER NOT NULL CHECK (verdict IN (-1, 1)),
        score   REAL NOT NULL,
        PRIMARY KEY (file_id, tag_id)
      );
    `,
  },
  {
    version: 200,
    description: 'duplicates: the keypoint check of each pair of neighbours, made once when the keypoints are found',
    sql: `
      -- duplicates/local-checks.ts: whether the keypoints of a pair of photos recorded as near by embedding line up
      -- (local-features.ts matchLocalFeatures and near-duplicate-rule.ts localVerified), each way round: made when a
      -- photo's keypoints are found (the deep pass) or, for a pair met later, when grouping first compares it, so that
      -- grouping a library reads verdicts instead of comparing keypoints again. lo < hi; lo_hi is the check of lo's
      -- keypoints against hi's: null not made, 0 they do not line up, 1 they do (with the match in lo_hi_match, 56 bytes:
      -- catalog/local-check-repository.ts packMatch).
      -- A photo's rows go when its keypoints are found again; a change to the check's results must empty the table.
      CREATE TABLE dup_local_checks (
        lo          INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        hi          INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        lo_hi       INTEGER,
        hi_lo       INTEGER,
        lo_hi_match BLOB,
        hi_lo_match BLOB,
        PRIMARY KEY (lo, hi)
      ) WITHOUT ROWID;
      CREATE INDEX dup_local_checks_hi ON dup_local_checks(hi);
    `,
  },
  {
    // #12: where the quick pass's object detector saw people, for the face stage's second look (a deep stage: it
    // runs in another walk, after the detections have gone). Valid for one content hash, like every stage's output.
    version: 230,
    description: "person boxes from the quick pass's object detector, for the face stage's second look at heads",
    sql: `
      CREATE TABLE person_boxes (
        file_id      INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
        content_hash TEXT NOT NULL,
        -- JSON [[x0, y0, x1, y1, score], ...]: fractions of the photo as displayed; [] when there is no person
        boxes        TEXT NOT NULL
      );
    `,
  },
  {
    // #9: the pixel check takes a vignette out (pixel-agreement.ts), so copies it vetoed as re-shots are copies now.
    // Every photo is placed into the duplicate groups again, once, from its stored signals and checks (no model runs):
    // the choices the user made (dup_keep_choice, by file) stay.
    version: 270,
    description: 'duplicates: group every photo again under the pixel check that takes vignettes out',
    sql: `
      DELETE FROM dup_placed WHERE kind = 'duplicate';
    `,
  },
  {
    // #11, #15: the centernet branch changed layer (embedding/recipe.ts, recipe 2). Each feature row says which recipe
    // computed it, so rows of the earlier one (every row so far: 1) are never read beside the new ones while a
    // library re-embeds; the embed stage overwrites them photo by photo.
    version: 320,
    description: 'features: the embedding recipe each row was computed with',
    sql: `
      ALTER TABLE features ADD COLUMN recipe INTEGER NOT NULL DEFAULT 1;
    `,
  },
  {
    // #12: only faces the detector is sure of may found a person now (face-grouping.ts minFoundingScore, 0.8 when this
    // was written; a value frozen here like all of a migration's SQL). A person the earlier rule founded from unsure
    // faces alone (a "person" of false faces: hands, statues, turned-away heads) could not have been made under it, so
    // its faces go back to grouping. Only where no decision of the user's is in it: unnamed, not hidden, no face the
    // user moved, no "not this person".
    version: 350,
    description: 'people: release the automatic people that no face the detector is sure of founded',
    sql: `
      CREATE TEMP TABLE unfounded AS
        SELECT p.id FROM people p
        WHERE p.name IS NULL AND p.hidden = 0
          AND NOT EXISTS (SELECT 1 FROM faces f WHERE f.person_id = p.id AND (f.assigned_by = 'user' OR f.score >= 0.8))
          AND NOT EXISTS (SELECT 1 FROM face_rejections r WHERE r.person_id = p.id);
      UPDATE faces SET person_id = NULL, assigned_by = NULL WHERE person_id IN (SELECT id FROM unfounded);
      DELETE FROM people WHERE id IN (SELECT id FROM unfounded);
      DROP TABLE unfounded;
    `,
  },
  {
    // #11 (trial 13): a threshold the user set (slider, --threshold) is their decision: a retrain, an answered
    // suggestion or a whitening refit keeps it instead of putting back the one the trainer chose. Existing tags
    // cannot say whose their threshold was, so they stay the trainer's (0).
    version: 400,
    description: 'learned tags: whether the user set the threshold',
    sql: `
      ALTER TABLE learned_tags ADD COLUMN threshold_by_user INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    // trial 19: what a clean-up gave the keeper of a trashed copy's marks (favourite, rating, label, albums), so a
    // restore takes it back as it takes back the merged tags. Rows written before hold none.
    version: 420,
    description: 'trash log: the marks merged into the keeper',
    sql: `
      ALTER TABLE trash_log ADD COLUMN merged_marks TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    // trial 19: the dihedral hashes of the picture inside a letterbox or frame (perceptual-hash.ts contentHashes),
    // empty where there is none; the phash stage (version 2) computes them for every photo again.
    version: 421,
    description: 'photo hashes: the picture inside a letterbox',
    sql: `
      ALTER TABLE photo_hashes ADD COLUMN content BLOB NOT NULL DEFAULT x'';
    `,
  },
  {
    // dates25: a date set or shifted by hand is the user's decision. taken_at / taken_at_source stay the date in
    // effect (search, the timeline and the grid's order read them, on their index); source 'user' marks a hand-set
    // one, which the analyze stage no longer overwrites. The photo's own date (EXIF, name, file time) is kept beside
    // it, what clearing the hand-set date returns to. Every existing date is the photo's own.
    version: 440,
    description: 'files: the photo\'s own capture date beside a date set by hand',
    sql: `
      ALTER TABLE files ADD COLUMN own_taken_at TEXT;
      ALTER TABLE files ADD COLUMN own_taken_at_source TEXT;
      UPDATE files SET own_taken_at = taken_at, own_taken_at_source = taken_at_source;
    `,
  },
  {
    // A JPEG that ends early is indexed from the part that decodes, with what is missing recorded (PhotoDamage);
    // the few files are found by the partial index. Such files refused before (analyze stage, 'corrupt', libjpeg's
    // "premature end") are let go of, so the next run reads them instead of waiting for their bytes to change.
    version: 450,
    description: 'files: damage of a photo indexed from the part that decodes',
    sql: `
      ALTER TABLE files ADD COLUMN damage TEXT;
      CREATE INDEX files_damaged ON files (path) WHERE damage IS NOT NULL;
      DELETE FROM file_errors WHERE stage = 'analyze' AND code = 'corrupt' AND reason LIKE '%truncated or corrupt%premature end of JPEG%';
    `,
  },
  {
    // `loupe status` counts what each stage has still to do from this index (FileRepository.pendingByStage), which
    // needs every row of file_stages to be for its file's current bytes: rows left from bytes a file no longer has go
    // (replaceContent removes them from now on). At 100,000 photos: about 16 MB, built once in under a second.
    version: 451,
    description: 'file stages: counted by stage and version',
    sql: `
      DELETE FROM file_stages WHERE content_hash IS NOT (SELECT f.content_hash FROM files f WHERE f.id = file_stages.file_id);
      CREATE INDEX file_stages_stage ON file_stages (stage, version);
    `,
  },
  {
    // trial 27: the dates WeChat and QQ write into file names (微信图片_20190504132210.jpg, mmexport1556976130123.jpg;
    // media/dates.ts dateFromFileName) are read since. A photo catalogued before, named so and whose own date (440)
    // is its mtime (or none), has its analysis run again at the next index, which reads the name: only its metadata
    // and thumbnail are rewritten; what the user set (tags, marks, places, people, a date) is not the analysis's.
    version: 460,
    description: 'analysis again for photos whose names hold a WeChat or QQ date',
    sql: `
      DELETE FROM file_stages WHERE stage = 'analyze' AND file_id IN (
        SELECT id FROM files WHERE (own_taken_at_source = 'mtime' OR own_taken_at_source IS NULL) AND (
          path GLOB '*[12][09][0-9][0-9][01][0-9][0-3][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'
          OR path LIKE '%mmexport%' OR path LIKE '%wx_camera_%'));
    `,
  },
  {
    // A photo moved AND edited between two runs is only recognised by comparing its picture with the rows whose file
    // went (library/edited-copies.ts), once the new file is through the quick pass. Which new photos still wait for
    // that comparison is kept here, written with the photo's row and cleared once a comparison that looked at it has
    // committed, so that a run stopped in between (Ctrl-C, the app closed, a crash) leaves them for the next run
    // instead of letting it remove the gone rows, and the user's decisions on them, unseen. A catalog upgraded to it
    // has nothing waiting: its last run compared what it added.
    version: 470,
    description: 'new photos waiting to be compared with the photos that went',
    sql: `
      CREATE TABLE awaiting_comparison (
        file_id  INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE,
        since    INTEGER NOT NULL
      );
    `,
  },
  {
    // A run stopped after cataloguing new photos (Ctrl-C, the app closed, a crash) returned no summary, and the next
    // run found them catalogued already: no run ever said they were added. Which new photos no finished run has
    // reported yet is kept here, written with the photo's row and read and cleared by the next run that finishes,
    // which counts them as added. A row that goes before (taken over by an edited copy's old row, deleted) takes its
    // entry with it. A catalog upgraded to it has nothing unreported: its last finished run said what it added.
    version: 480,
    description: 'new photos no finished run has reported as added yet',
    sql: `
      CREATE TABLE unreported_additions (
        file_id  INTEGER PRIMARY KEY REFERENCES files(id) ON DELETE CASCADE
      );
    `,
  },
  {
    // The recogniser reads some letters as digits ("ZER0", "B00K"): the text search documents also hold each photo's
    // text with the digits inside words read as letters (shared/text-misreadings.ts), so "zero" finds it. Rebuilt
    // from the stored lines: no photo is read again.
    version: 490,
    description: 'text search documents with the digits inside words also read as letters',
    sql: '',
    rewrite: rebuildTextSearchDocuments,
  },
];
