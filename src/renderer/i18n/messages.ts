// The UI's words, per language. A typed table rather than a library: `Messages` is the contract, so a
// missing or misspelled translation is a compile error (and test/renderer/i18n checks that no entry
// is empty). Counts are functions so that each language handles its own plurals.
import type { DuplicateLevel, KeepRuleId } from '../../shared/duplicate-types.js';
import type { PhotoDamage } from '../../shared/photo-damage.js';
import { DUPLICATES_MESSAGES, type DuplicatesMessages } from './duplicates-messages.js';
import type { Language, ProviderChoice, ThemeSetting } from '../../shared/api.js';
import type { JobPhase, JobProgress } from '../../shared/library-types.js';
import { stageLabel } from '../../shared/stage-labels.js';
import { uiEn, uiZh, type UiMessages } from './ui-messages.js';
import { placesEn, placesZh, type PlacesMessages } from './places-messages.js';
import { datesEn, datesZh, type DatesMessages } from './dates-messages.js';
import { learnMessages, type LearnMessages } from './learn-messages.js';

export type Locale = 'en' | 'zh-CN';

export interface Messages extends UiMessages {
  appName: string;
  tagline: string;
  connecting: string;
  version(version: string): string;
  folders(count: number): string;
  photos(count: number): string;
  upToDate: string;
  phase: Record<JobPhase, string>;
  /** a pipeline stage's name (the deep stages: faces, text, ...), the raw name when there is no translation */
  stageName(stage: string): string;
  failedFiles(count: number): string;
  /** the shell runs, but without the engine behind it */
  engineNotReady: string;
  /** no transport at all (e.g. the page opened outside Electron and `loupe serve`) */
  noBackend: string;
  failed(reason: string): string;

  nav: { label: string; library: string; search: string; duplicates: string; settings: string; similar: string };
  places: PlacesMessages;
  dates: DatesMessages;
  common: { close: string; cancel: string; confirm: string; save: string; revert: string; loading: string; retry: string; open: string; dismiss: string; saved: string; unknown: string };
  folder: {
    heading: string;
    none: string;
    add: string;
    pick: string;
    pathLabel: string;
    pathPlaceholder: string;
    remove(path: string): string;
    confirmRemoveTitle: string;
    confirmRemoveBody(path: string): string;
    removeButton: string;
    added(path: string): string;
    removed(path: string): string;
    status: Record<'ok' | 'missing' | 'unreadable', string>;
    files(count: number): string;
    dropHint: string;
    dropFolderNoPath: string;
  };
  index: {
    start: string;
    pause: string;
    resume: string;
    cancel: string;
    state: Record<JobProgress['state'], string>;
    progressLabel: string;
    counts(done: number, total: number): string;
    rate(perSecond: string): string;
    eta(text: string): string;
    current: string;
    failures(count: number): string;
    failuresTitle: string;
    noFailures: string;
    file: string;
    reason: string;
    finished(added: number, failed: number): string;
    /** the job waits for another Loupe process writing to the library (`loupe index` in a terminal) */
    waiting: string;
    waitingFor(command: string, since: string): string;
  };
  library: {
    title: string;
    empty: string;
    /** folders are added, their photos not indexed yet */
    emptyIndexing: string;
    /** folders are added and indexed, and hold no photo */
    emptyFolders: string;
    emptyFiltered: string;
    count(count: number): string;
    gridLabel: string;
    sort: string;
    sortOptions: Record<'date-desc' | 'date-asc' | 'name', string>;
    filters: string;
    tag: string;
    folder: string;
    camera: string;
    from: string;
    to: string;
    /** the From/To fields: how a date is typed, what is wrong with one that is not, the calendar button */
    dayPlaceholder: string;
    dayInvalid: string;
    pickDay: string;
    any: string;
    clearFilters: string;
    noDate: string;
  };
  search: {
    label: string;
    placeholder: string;
    title(text: string): string;
    results(count: number): string;
    /** more photos match than the screen shows: `shown`, the best of them */
    resultsMore(shown: number): string;
    none: string;
    prompt: string;
  };
  similar: {
    title: string;
    toPhoto(name: string): string;
    toImage(name: string): string;
    score(percent: string): string;
    none: string;
    searching: string;
    source: string;
  };
  drop: { image: string; tooBig(name: string): string; notImage: string; reading: string };
  viewer: {
    label(name: string): string;
    previous: string;
    next: string;
    details: string;
    date: string;
    camera: string;
    lens: string;
    dimensions: string;
    size: string;
    format: string;
    folder: string;
    /** the folder row's link: browse the photo's own folder in the library */
    browseFolder: string;
    gps: string;
    path: string;
    state: Record<'pending' | 'ready' | 'failed', string>;
    tags: string;
    autoTags: string;
    userTags: string;
    noTags: string;
    addTag: string;
    addTagPlaceholder: string;
    removeTag(tag: string): string;
    confidence(percent: string): string;
    findSimilar: string;
    position(index: number, total: number): string;
    errors: string;
    /** the file ends early: what of the picture is missing */
    damage: Record<PhotoDamage, string>;
  };
  /** the duplicates screen's sentences (duplicates-messages.ts) */
  dupx: DuplicatesMessages;
  dup: {
    title: string;
    levels: Record<DuplicateLevel, string>;
    levelHints: Record<DuplicateLevel, string>;
    groups(count: number): string;
    none: string;
    group(index: number, count: number): string;
    keeper: string;
    keepThis: string;
    keepChosenBy(rule: string): string;
    rules: Record<KeepRuleId | 'only-choice' | 'user', string>;
    score(percent: string): string;
    representative: string;
    matchRule(rule: string): string;
    hashDistance(distance: number): string;
    cosine(value: string): string;
    transform(name: string): string;
    explain: string;
    explainTitle: string;
    trashOthers: string;
    keepAll: string;
    view: string;
    confirmTitle: string;
    confirmBody(count: number): string;
    confirmButton: string;
    trashed(count: number): string;
    trashFailed(count: number): string;
    undo: string;
    restored(count: number): string;
    showMore: string;
    fields: {
      level: string;
      score: string;
      rule: string;
      contentEqual: string;
      hashDistance: string;
      transform: string;
      cosine: string;
      aspectRatio: string;
      pixelRatio: string;
      takenAtDelta: string;
      distance: string;
      nearUniform: string;
    };
    yes: string;
    no: string;
    seconds(n: string): string;
    meters(n: string): string;
  };
  learn: LearnMessages;
  settings: {
    title: string;
    language: string;
    languageOptions: Record<Language | 'system', string>;
    theme: string;
    themeOptions: Record<ThemeSetting, string>;
    provider: string;
    providerOptions: Record<ProviderChoice, string>;
    providerNow(name: string): string;
    tagThreshold: string;
    tagThresholdHint: string;
    keepRules: string;
    keepRulesHint: string;
    moveUp(rule: string): string;
    moveDown(rule: string): string;
    saved: string;
    unsaved: string;
  };
}

const en: Messages = {
  learn: learnMessages.en,
  ...uiEn,
  appName: 'Loupe',
  tagline: 'Similar photos, duplicates and tags, found on your own computer.',
  connecting: 'Connecting to your library…',
  version: (v) => `Version ${v}`,
  folders: (n) => (n === 1 ? '1 folder' : `${n.toLocaleString('en')} folders`),
  photos: (n) => (n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`),
  upToDate: 'Up to date',
  phase: { scan: 'Scanning', analyze: 'Reading photos', deep: 'Looking closer' },
  stageName: stageLabel,
  failedFiles: (n) => (n === 1 ? '1 file failed' : `${n.toLocaleString('en')} files failed`),
  engineNotReady: 'The photo engine is not connected yet',
  noBackend: 'Open Loupe from the desktop app, or run `npx loupe serve` and use the address it prints.',
  failed: (reason) => `Could not reach your library: ${reason}`,

  nav: { label: 'Sections', library: 'Library', search: 'Search', duplicates: 'Duplicates', settings: 'Settings', similar: 'Similar photos' },
  places: placesEn,
  dates: datesEn,
  common: { close: 'Close', cancel: 'Cancel', confirm: 'Confirm', save: 'Save', revert: 'Revert', loading: 'Loading…', retry: 'Try again', open: 'Open', dismiss: 'Dismiss', saved: 'Saved', unknown: 'Unknown' },
  folder: {
    heading: 'Folders',
    none: 'No folders yet. Add one to start.',
    add: 'Add',
    pick: 'Add folder…',
    pathLabel: 'Folder path',
    pathPlaceholder: '/path/to/photos',
    remove: (p) => `Remove ${p}`,
    confirmRemoveTitle: 'Remove folder?',
    confirmRemoveBody: (p) => `Loupe will forget the photos in ${p}. The files stay on your disk.`,
    removeButton: 'Remove',
    added: (p) => `Added ${p}; indexing started`,
    removed: (p) => `Removed ${p}`,
    status: { ok: 'OK', missing: 'Missing', unreadable: 'Unreadable' },
    files: (n) => (n === 1 ? '1 file' : `${n.toLocaleString('en')} files`),
    dropHint: 'Drop a folder to add it, or an image to find similar photos',
    dropFolderNoPath: 'A browser cannot tell Loupe where a dropped folder lives. Type its path in the sidebar instead.',
  },
  index: {
    start: 'Index now',
    pause: 'Pause',
    resume: 'Resume',
    cancel: 'Cancel',
    state: { running: 'Running', paused: 'Paused', cancelled: 'Cancelled', done: 'Done', failed: 'Failed' },
    progressLabel: 'Indexing progress',
    counts: (d, t) => `${d.toLocaleString('en')} / ${t.toLocaleString('en')}`,
    rate: (r) => `${r} files/s`,
    eta: (t) => `${t} left`,
    current: 'Current file',
    failures: (n) => (n === 1 ? '1 file could not be read' : `${n.toLocaleString('en')} files could not be read`),
    failuresTitle: 'Files that could not be indexed',
    noFailures: 'No failures.',
    file: 'File',
    reason: 'Reason',
    finished: (a, f) => `Indexing finished: ${a.toLocaleString('en')} added${f > 0 ? `, ${f.toLocaleString('en')} failed` : ''}`,
    waiting: 'Waiting for another Loupe',
    waitingFor: (c, since) => `Another Loupe (${c}) has been working on this library since ${since}. Indexing here starts when it is done.`,
  },
  library: {
    title: 'Library',
    empty: 'No photos yet. Add a folder in the sidebar, or drop one onto the window.',
    emptyIndexing: 'The library folders are being indexed: their photos appear here as they are read.',
    emptyFolders: 'No photos were found in the library folders.',
    emptyFiltered: 'No photos match these filters.',
    count: (n) => (n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`),
    gridLabel: 'Photos',
    sort: 'Sort',
    sortOptions: { 'date-desc': 'Newest first', 'date-asc': 'Oldest first', name: 'Name' },
    filters: 'Filters',
    tag: 'Tag',
    folder: 'Folder',
    camera: 'Camera',
    from: 'From',
    to: 'To',
    dayPlaceholder: 'YYYY-MM-DD',
    dayInvalid: 'Type a day, a month or a year: 2019-05-12, 2019-05, 2019',
    pickDay: 'Pick from a calendar',
    any: 'Any',
    clearFilters: 'Clear filters',
    noDate: 'No date',
  },
  search: {
    label: 'Search photos',
    placeholder: 'Search tags, places, cameras, dates…',
    title: (t) => `Results for “${t}”`,
    results: (n) => (n === 1 ? '1 photo found' : `${n.toLocaleString('en')} photos found`),
    resultsMore: (n) => `More than ${n.toLocaleString('en')} photos found: the ${n.toLocaleString('en')} best matches are shown. Add a word to narrow the search.`,
    none: 'No photos match this search.',
    prompt: 'Type in the search box above, in English or Chinese.',
  },
  similar: {
    title: 'Similar photos',
    toPhoto: (n) => `Similar to ${n}`,
    toImage: (n) => `Similar to the dropped image ${n}`,
    score: (p) => `${p} similar`,
    none: 'Nothing similar found.',
    searching: 'Looking for similar photos…',
    source: 'Searched with',
  },
  drop: {
    image: 'Drop an image here to find similar photos',
    tooBig: (n) => `${n} is larger than 40 MB`,
    notImage: 'Only image files and folders can be dropped here.',
    reading: 'Reading the dropped image…',
  },
  viewer: {
    label: (n) => `Photo ${n}`,
    previous: 'Previous photo',
    next: 'Next photo',
    details: 'Details',
    date: 'Taken',
    camera: 'Camera',
    lens: 'Lens',
    dimensions: 'Dimensions',
    size: 'File size',
    format: 'Format',
    folder: 'Folder',
    browseFolder: 'Show the photos in this folder',
    gps: 'Location',
    path: 'Path',
    state: { pending: 'Still being indexed', ready: 'Indexed', failed: 'Could not be fully indexed' },
    tags: 'Tags',
    autoTags: 'Automatic',
    userTags: 'Yours',
    noTags: 'No tags yet.',
    addTag: 'Add tag',
    addTagPlaceholder: 'New tag',
    removeTag: (t) => `Remove tag ${t}`,
    confidence: (p) => `${p} confidence`,
    findSimilar: 'Find similar',
    position: (i, t) => `${i.toLocaleString('en')} of ${t.toLocaleString('en')}`,
    errors: 'Problems',
    damage: {
      truncated: 'Damaged file: the lower part is missing',
      incomplete: 'Damaged file: its end is missing, so the picture shows less detail',
    },
  },
  dupx: DUPLICATES_MESSAGES.en,
  dup: {
    title: 'Duplicates',
    levels: { exact: 'Exact copies', near: 'Edited copies', similar: 'Similar shots' },
    levelHints: {
      exact: 'The same file content, byte for byte.',
      near: 'The same picture after resizing, re-saving, rotating or light edits.',
      similar: 'Bursts and retakes of one scene. These are never deleted for you.',
    },
    groups: (n) => (n === 1 ? '1 group' : `${n.toLocaleString('en')} groups`),
    none: 'No groups at this level.',
    group: (i, n) => `Group ${i}, ${n} photos`,
    keeper: 'Keep',
    keepThis: 'Keep this one',
    keepChosenBy: (r) => `Suggested by rule: ${r}`,
    rules: {
      original: 'original, not an edited copy',
      pixels: 'most pixels',
      format: 'best format',
      metadata: 'richest metadata',
      date: 'earliest date',
      path: 'shortest path',
      'only-choice': 'only choice',
      ...DUPLICATES_MESSAGES.en.rules,
    },
    score: (p) => `${p} match`,
    representative: 'Reference photo',
    matchRule: (r) => `Matched by ${r}`,
    hashDistance: (d) => `hash distance ${d}`,
    cosine: (v) => `cosine ${v}`,
    transform: (t) => `transform ${t}`,
    explain: 'Why?',
    explainTitle: 'Why these were grouped',
    trashOthers: 'Move others to trash',
    keepAll: 'Keep all',
    view: 'View',
    confirmTitle: 'Move to trash?',
    confirmBody: (n) => (n === 1 ? 'This file will be moved to the system trash. You can undo right after.' : `These ${n} files will be moved to the system trash. You can undo right after.`),
    confirmButton: 'Move to trash',
    trashed: (n) => (n === 1 ? 'Moved 1 file to the trash' : `Moved ${n.toLocaleString('en')} files to the trash`),
    trashFailed: (n) => (n === 1 ? '1 file could not be moved' : `${n.toLocaleString('en')} files could not be moved`),
    undo: 'Undo',
    restored: (n) => (n === 1 ? 'Restored 1 file' : `Restored ${n.toLocaleString('en')} files`),
    showMore: 'Show more groups',
    fields: {
      level: 'Level',
      score: 'Score',
      rule: 'Rule',
      contentEqual: 'Same bytes',
      hashDistance: 'Hash distance (0–64)',
      transform: 'Rotation / mirror',
      cosine: 'Embedding cosine',
      aspectRatio: 'Aspect ratio',
      pixelRatio: 'Pixel ratio',
      takenAtDelta: 'Time apart',
      distance: 'Distance apart',
      nearUniform: 'Nearly flat image',
    },
    yes: 'Yes',
    no: 'No',
    seconds: (n) => `${n} s`,
    meters: (n) => `${n} m`,
  },
  settings: {
    title: 'Settings',
    language: 'Language',
    languageOptions: { system: 'Follow system', zh: '中文', en: 'English' },
    theme: 'Theme',
    themeOptions: { system: 'Follow system', light: 'Light', dark: 'Dark' },
    provider: 'Run models on',
    providerOptions: { auto: 'Automatic', cpu: 'CPU', webgpu: 'WebGPU', cuda: 'CUDA (NVIDIA)', dml: 'DirectML (Windows)', coreml: 'Core ML (macOS)' },
    providerNow: (p) => `Last run used: ${p}`,
    tagThreshold: 'Automatic tag threshold',
    tagThresholdHint: 'Higher means fewer, surer tags.',
    keepRules: 'Which copy to keep',
    keepRulesHint: 'Rules are tried from the top until one tells the copies apart.',
    moveUp: (r) => `Move “${r}” up`,
    moveDown: (r) => `Move “${r}” down`,
    saved: 'Settings saved',
    unsaved: 'Unsaved changes',
  },
};

const zhCN: Messages = {
  learn: learnMessages['zh-CN'],
  ...uiZh,
  appName: 'Loupe',
  tagline: '在你自己的电脑上找出相似照片、重复照片并自动打标签。',
  connecting: '正在连接照片库…',
  version: (v) => `版本 ${v}`,
  folders: (n) => `${n.toLocaleString('zh-CN')} 个文件夹`,
  photos: (n) => `${n.toLocaleString('zh-CN')} 张照片`,
  upToDate: '已是最新',
  phase: { scan: '正在扫描', analyze: '正在读取照片', deep: '深入分析' },
  stageName: (stage) => ({ faces: '人脸', text: '照片中的文字', places: '地点', preview: '大图', copyquality: '副本细节（重复照片）', texttags: '收据（据文字判断）' })[stage] ?? stage,
  failedFiles: (n) => `${n.toLocaleString('zh-CN')} 个文件失败`,
  engineNotReady: '照片引擎尚未连接',
  noBackend: '请从桌面应用打开 Loupe，或运行 `npx loupe serve` 后访问它显示的地址。',
  failed: (reason) => `无法连接照片库：${reason}`,

  nav: { label: '栏目', library: '图库', search: '搜索', duplicates: '重复照片', settings: '设置', similar: '相似照片' },
  places: placesZh,
  dates: datesZh,
  common: { close: '关闭', cancel: '取消', confirm: '确定', save: '保存', revert: '还原', loading: '正在加载…', retry: '重试', open: '打开', dismiss: '知道了', saved: '已保存', unknown: '未知' },
  folder: {
    heading: '文件夹',
    none: '还没有文件夹。添加一个即可开始。',
    add: '添加',
    pick: '添加文件夹…',
    pathLabel: '文件夹路径',
    pathPlaceholder: '/照片/所在/路径',
    remove: (p) => `移除 ${p}`,
    confirmRemoveTitle: '移除文件夹？',
    confirmRemoveBody: (p) => `Loupe 将不再管理 ${p} 中的照片。磁盘上的文件不会被删除。`,
    removeButton: '移除',
    added: (p) => `已添加 ${p}，开始建立索引`,
    removed: (p) => `已移除 ${p}`,
    status: { ok: '正常', missing: '找不到', unreadable: '无法读取' },
    files: (n) => `${n.toLocaleString('zh-CN')} 个文件`,
    dropHint: '拖入文件夹即可添加；拖入图片即可查找相似照片',
    dropFolderNoPath: '浏览器无法告诉 Loupe 拖入的文件夹在哪里。请在侧栏中输入它的路径。',
  },
  index: {
    start: '立即索引',
    pause: '暂停',
    resume: '继续',
    cancel: '取消',
    state: { running: '进行中', paused: '已暂停', cancelled: '已取消', done: '已完成', failed: '失败' },
    progressLabel: '索引进度',
    counts: (d, t) => `${d.toLocaleString('zh-CN')} / ${t.toLocaleString('zh-CN')}`,
    rate: (r) => `每秒 ${r} 个文件`,
    eta: (t) => `剩余 ${t}`,
    current: '当前文件',
    failures: (n) => `${n.toLocaleString('zh-CN')} 个文件无法读取`,
    failuresTitle: '无法建立索引的文件',
    noFailures: '没有失败的文件。',
    file: '文件',
    reason: '原因',
    finished: (a, f) => `索引完成：新增 ${a.toLocaleString('zh-CN')} 个${f > 0 ? `，失败 ${f.toLocaleString('zh-CN')} 个` : ''}`,
    waiting: '正在等待另一个 Loupe',
    waitingFor: (c, since) => `另一个 Loupe（${c}）自 ${since} 起正在处理此图库。它完成后，这里的索引会自动开始。`,
  },
  library: {
    title: '图库',
    empty: '还没有照片。请在侧栏添加文件夹，或把文件夹拖到窗口里。',
    emptyIndexing: '正在为图库文件夹建立索引：照片读取后会陆续显示在这里。',
    emptyFolders: '图库文件夹里没有找到照片。',
    emptyFiltered: '没有符合这些筛选条件的照片。',
    count: (n) => `${n.toLocaleString('zh-CN')} 张照片`,
    gridLabel: '照片',
    sort: '排序',
    sortOptions: { 'date-desc': '最新的在前', 'date-asc': '最早的在前', name: '名称' },
    filters: '筛选',
    tag: '标签',
    folder: '文件夹',
    camera: '相机',
    from: '起始日期',
    to: '结束日期',
    dayPlaceholder: '年-月-日',
    dayInvalid: '请输入日期、月份或年份：2019-05-12、2019年5月、2019',
    pickDay: '从日历中选择',
    any: '全部',
    clearFilters: '清除筛选',
    noDate: '无日期',
  },
  search: {
    label: '搜索照片',
    placeholder: '搜索标签、地点、相机、日期…',
    title: (t) => `“${t}”的搜索结果`,
    results: (n) => `找到 ${n.toLocaleString('zh-CN')} 张照片`,
    resultsMore: (n) => `找到超过 ${n.toLocaleString('zh-CN')} 张照片，显示最匹配的 ${n.toLocaleString('zh-CN')} 张。再加一个词可以缩小范围。`,
    none: '没有符合搜索的照片。',
    prompt: '在上方搜索框中输入中文或英文。',
  },
  similar: {
    title: '相似照片',
    toPhoto: (n) => `与 ${n} 相似`,
    toImage: (n) => `与拖入的图片 ${n} 相似`,
    score: (p) => `相似度 ${p}`,
    none: '没有找到相似的照片。',
    searching: '正在查找相似照片…',
    source: '搜索所用图片',
  },
  drop: {
    image: '把图片拖到这里以查找相似照片',
    tooBig: (n) => `${n} 超过 40 MB`,
    notImage: '这里只能拖入图片文件或文件夹。',
    reading: '正在读取拖入的图片…',
  },
  viewer: {
    label: (n) => `照片 ${n}`,
    previous: '上一张',
    next: '下一张',
    details: '详细信息',
    date: '拍摄时间',
    camera: '相机',
    lens: '镜头',
    dimensions: '尺寸',
    size: '文件大小',
    format: '格式',
    folder: '文件夹',
    browseFolder: '显示此文件夹中的照片',
    gps: '位置',
    path: '路径',
    state: { pending: '仍在建立索引', ready: '已建立索引', failed: '未能完整建立索引' },
    tags: '标签',
    autoTags: '自动',
    userTags: '我的',
    noTags: '还没有标签。',
    addTag: '添加标签',
    addTagPlaceholder: '新标签',
    removeTag: (t) => `移除标签 ${t}`,
    confidence: (p) => `置信度 ${p}`,
    findSimilar: '查找相似',
    position: (i, t) => `第 ${i.toLocaleString('zh-CN')} 张，共 ${t.toLocaleString('zh-CN')} 张`,
    errors: '问题',
    damage: {
      truncated: '文件已损坏：画面下半部分缺失',
      incomplete: '文件已损坏：文件结尾缺失，画面细节不全',
    },
  },
  dupx: DUPLICATES_MESSAGES['zh-CN'],
  dup: {
    title: '重复照片',
    levels: { exact: '完全相同', near: '编辑过的副本', similar: '相似的连拍' },
    levelHints: {
      exact: '文件内容逐字节相同。',
      near: '同一张照片经过缩放、重新保存、旋转或轻微编辑。',
      similar: '同一场景的连拍或重拍。这一类永远不会替你删除。',
    },
    groups: (n) => `${n.toLocaleString('zh-CN')} 组`,
    none: '这一级别没有重复照片。',
    group: (i, n) => `第 ${i} 组，${n} 张照片`,
    keeper: '保留',
    keepThis: '保留这张',
    keepChosenBy: (r) => `按规则推荐：${r}`,
    rules: {
      original: '原图而非编辑副本',
      pixels: '像素最多',
      format: '格式最好',
      metadata: '元数据最完整',
      date: '日期最早',
      path: '路径最短',
      'only-choice': '唯一选择',
      ...DUPLICATES_MESSAGES['zh-CN'].rules,
    },
    score: (p) => `匹配度 ${p}`,
    representative: '参照照片',
    matchRule: (r) => `匹配方式：${r}`,
    hashDistance: (d) => `哈希距离 ${d}`,
    cosine: (v) => `余弦相似度 ${v}`,
    transform: (t) => `变换 ${t}`,
    explain: '为什么？',
    explainTitle: '为什么它们被归为一组',
    trashOthers: '将其余照片移到回收站',
    keepAll: '全部保留',
    view: '查看',
    confirmTitle: '移到回收站？',
    confirmBody: (n) => `以下 ${n} 个文件将被移到系统回收站。随后可以立即撤销。`,
    confirmButton: '移到回收站',
    trashed: (n) => `已将 ${n.toLocaleString('zh-CN')} 个文件移到回收站`,
    trashFailed: (n) => `${n.toLocaleString('zh-CN')} 个文件未能移动`,
    undo: '撤销',
    restored: (n) => `已恢复 ${n.toLocaleString('zh-CN')} 个文件`,
    showMore: '显示更多组',
    fields: {
      level: '级别',
      score: '得分',
      rule: '规则',
      contentEqual: '字节相同',
      hashDistance: '哈希距离（0–64）',
      transform: '旋转 / 镜像',
      cosine: '特征余弦相似度',
      aspectRatio: '宽高比',
      pixelRatio: '像素比',
      takenAtDelta: '拍摄时间差',
      distance: '拍摄地点距离',
      nearUniform: '近乎纯色',
    },
    yes: '是',
    no: '否',
    seconds: (n) => `${n} 秒`,
    meters: (n) => `${n} 米`,
  },
  settings: {
    title: '设置',
    language: '语言',
    languageOptions: { system: '跟随系统', zh: '中文', en: 'English' },
    theme: '外观',
    themeOptions: { system: '跟随系统', light: '浅色', dark: '深色' },
    provider: '模型运行于',
    providerOptions: { auto: '自动', cpu: 'CPU', webgpu: 'WebGPU', cuda: 'CUDA（NVIDIA）', dml: 'DirectML（Windows）', coreml: 'Core ML（macOS）' },
    providerNow: (p) => `上次使用：${p}`,
    tagThreshold: '自动标签阈值',
    tagThresholdHint: '数值越高，标签越少但越准确。',
    keepRules: '保留哪一份',
    keepRulesHint: '从上到下依次尝试规则，直到能区分出各副本。',
    moveUp: (r) => `将“${r}”上移`,
    moveDown: (r) => `将“${r}”下移`,
    saved: '设置已保存',
    unsaved: '有未保存的更改',
  },
};

const TABLES: Record<Locale, Messages> = { en, 'zh-CN': zhCN };

/** Every locale Loupe has a table for, in menu order. */
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** First preferred language we have a table for (any zh-* maps to zh-CN); English otherwise. */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** The locale for a saved language setting; null follows the system's preferred languages. */
export function localeFor(language: Language | null, preferred: readonly string[]): Locale {
  if (language === 'zh') return 'zh-CN';
  if (language === 'en') return 'en';
  return pickLocale(preferred);
}

export function messagesFor(locale: Locale): Messages {
  return TABLES[locale];
}
