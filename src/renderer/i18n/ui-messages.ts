// Words of the daily-use features (navigation, selection and batch actions, albums and ratings, the viewer's
// tools, the folder tree, search suggestions, engine messages by code), in their own table and spread into
// messages.ts's. Same rules: typed, every entry in both languages, counts as functions.
import type { ColorLabel } from '../../shared/marks-types.js';
import type { SuggestionKind } from '../state/suggestions.js';

type Labels = Record<ColorLabel | 'none', string>;

export interface UiMessages {
  nav2: { back: string; close: string; albums: string };
  grid: { notYet: string; waiting(n: number): string };
  sel: {
    toolbar: string;
    count(n: number): string;
    clear: string;
    selectAll: string;
    favourite: string;
    unfavourite: string;
    rate: string;
    stars(n: number): string;
    colour: string;
    labels: Labels;
    addToAlbum: string;
    newAlbum: string;
    albumName: string;
    create: string;
    tag: string;
    tagPlaceholder: string;
    addTag: string;
    removeTag: string;
    exportCopies: string;
    exportTitle: string;
    exportBody(n: number): string;
    exportFolder: string;
    exportButton: string;
    exported(n: number, folder: string): string;
    notExported(n: number): string;
    trash: string;
    trashTitle: string;
    trashBody(n: number): string;
    teachTag: string;
    tagged(n: number, tag: string): string;
    untagged(n: number, tag: string): string;
    addedToAlbum(n: number, album: string): string;
    marked(n: number): string;
    more(n: number): string;
  };
  albums: {
    title: string;
    none: string;
    filter: string;
    any: string;
    favourites: string;
    minRating: string;
    anyRating: string;
    atLeast(n: number): string;
    label: string;
    anyLabel: string;
    deleteAlbum(name: string): string;
    confirmDelete(name: string): string;
    deleted(name: string): string;
    inAlbums: string;
    created(name: string): string;
  };
  view2: {
    zoomIn: string;
    zoomOut: string;
    fit: string;
    fill: string;
    actual: string;
    zoom(percent: string): string;
    rotateLeft: string;
    rotateRight: string;
    fullscreen: string;
    slideshow: string;
    stopSlideshow: string;
    showInFolder: string;
    exportCopy: string;
    favourite: string;
    unfavourite: string;
    rating: string;
    setStars(n: number): string;
    shortcuts: string;
    shortcutsTitle: string;
    /** what each shortcut does, in the order of the viewer's SHORTCUT_KEYS */
    keyHelp: string[];
    tools: string;
  };
  similar2: {
    relevant(n: number): string;
    noneRelevant: string;
    lessSimilar(n: number): string;
    showLess: string;
    hideLess: string;
  };
  tree: { title: string; allPhotos: string; expand(name: string): string; collapse(name: string): string };
  search2: { suggestions: string; kinds: Record<SuggestionKind, string>; byImage: string; byImageTitle: string };
  drop2: { desktop: string; browser: string };
  errors: {
    folderMissing(path: string): string;
    notAFolder(path: string): string;
    insideHome(path: string): string;
    alreadyInLibrary(path: string, parent: string): string;
    notLibraryFolder(path: string): string;
    photoGone: string;
    /** "Who is this?" or a suggestion answered with a person who already has another face on the photo ('' unnamed) */
    personOnPhoto(name: string): string;
    /** people chosen to be merged who are on one photo together (its file name) */
    peopleOnOnePhoto(photo: string): string;
    /** a person named with a name another person has (one name, one person) */
    nameTaken(name: string): string;
    /** a folder typed as a relative path (or with "." / ".." in it) */
    notFullPath(path: string): string;
    /** a place typed by hand that the bundled place list does not know */
    unknownPlace(name: string): string;
    badDate(text: string): string;
    dateOutOfRange(text: string): string;
    badShift(text: string): string;
    noDateToShift(file: string): string;
    shiftOutOfRange(file: string, offset: string): string;
    badRequest: string;
    serverUnreachable: string;
    notAllowed: string;
    generic: string;
  };
  reasons: {
    unsupported: string;
    corrupt: string;
    empty: string;
    unreadable: string;
    tooLarge: string;
    decode: string;
    other: string;
  };
}

export const uiEn: UiMessages = {
  nav2: { back: 'Back', close: 'Close', albums: 'Albums' },
  grid: { notYet: 'Not ready yet', waiting: (n) => `${n.toLocaleString('en')} not indexed yet` },
  sel: {
    toolbar: 'Actions on the selected photos',
    count: (n) => (n === 1 ? '1 selected' : `${n.toLocaleString('en')} selected`),
    clear: 'Clear selection',
    selectAll: 'Select all',
    favourite: 'Favourite',
    unfavourite: 'Remove from favourites',
    rate: 'Rating',
    stars: (n) => (n === 0 ? 'No stars' : n === 1 ? '1 star' : `${n} stars`),
    colour: 'Colour label',
    labels: { none: 'No label', red: 'Red', orange: 'Orange', yellow: 'Yellow', green: 'Green', blue: 'Blue', purple: 'Purple' },
    addToAlbum: 'Add to album',
    newAlbum: 'New album…',
    albumName: 'Album name',
    create: 'Create',
    tag: 'Tag',
    tagPlaceholder: 'Tag name',
    addTag: 'Add tag',
    removeTag: 'Remove tag',
    exportCopies: 'Export copies…',
    exportTitle: 'Export copies',
    exportBody: (n) => `Copies of ${n === 1 ? 'this photo' : `these ${n.toLocaleString('en')} photos`} are written into the folder you choose. The originals stay where they are.`,
    exportFolder: 'Folder to copy into',
    exportButton: 'Export',
    exported: (n, f) => `Copied ${n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`} to ${f}`,
    notExported: (n) => (n === 1 ? '1 photo could not be copied' : `${n.toLocaleString('en')} photos could not be copied`),
    trash: 'Move to trash…',
    trashTitle: 'Move to trash?',
    trashBody: (n) => (n === 1 ? 'This photo will be moved to the system trash. You can undo right after.' : `These ${n.toLocaleString('en')} photos will be moved to the system trash. You can undo right after.`),
    teachTag: 'Teach a tag…',
    tagged: (n, t) => `Tagged ${n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`} “${t}”`,
    untagged: (n, t) => `Removed “${t}” from ${n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`}`,
    addedToAlbum: (n, a) => `Added ${n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`} to “${a}”`,
    marked: (n) => (n === 1 ? 'Updated 1 photo' : `Updated ${n.toLocaleString('en')} photos`),
    more: (n) => `and ${n.toLocaleString('en')} more`,
  },
  albums: {
    title: 'Albums',
    none: 'No albums yet: select photos and choose “Add to album”.',
    filter: 'Album',
    any: 'Any',
    favourites: 'Favourites',
    minRating: 'Rating',
    anyRating: 'Any',
    atLeast: (n) => `${'★'.repeat(n)} or more`,
    label: 'Label',
    anyLabel: 'Any',
    deleteAlbum: (a) => `Delete album ${a}`,
    confirmDelete: (a) => `Delete the album “${a}”? Its photos stay in your library.`,
    deleted: (a) => `Deleted album “${a}”`,
    inAlbums: 'Albums',
    created: (a) => `Created album “${a}”`,
  },
  view2: {
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    fit: 'Fit',
    fill: 'Fill',
    actual: 'Actual size (1:1)',
    zoom: (p) => `Zoom ${p}`,
    rotateLeft: 'Rotate left',
    rotateRight: 'Rotate right',
    fullscreen: 'Full screen',
    slideshow: 'Slideshow',
    stopSlideshow: 'Stop slideshow',
    showInFolder: 'Show in folder',
    exportCopy: 'Export a copy…',
    favourite: 'Favourite',
    unfavourite: 'Remove from favourites',
    rating: 'Rating',
    setStars: (n) => (n === 0 ? 'Clear rating' : n === 1 ? 'Rate 1 star' : `Rate ${n} stars`),
    shortcuts: 'Keyboard shortcuts',
    shortcutsTitle: 'Keyboard shortcuts',
    keyHelp: [
      'Previous / next photo',
      'First / last photo',
      'Zoom in / out',
      'Fit to the window',
      'Actual size (1:1)',
      'Fill the window',
      'Rotate right / left',
      'Full screen',
      'Start or stop the slideshow',
      'Favourite',
      'Star rating',
      'This list',
      'Close',
    ],
    tools: 'Photo tools',
  },
  similar2: {
    relevant: (n) => (n === 1 ? '1 similar photo' : `${n.toLocaleString('en')} similar photos`),
    noneRelevant: 'No photo is clearly similar.',
    lessSimilar: (n) => (n === 1 ? '1 less similar photo' : `${n.toLocaleString('en')} less similar photos`),
    showLess: 'Show less similar photos',
    hideLess: 'Hide less similar photos',
  },
  tree: { title: 'Browse folders', allPhotos: 'All photos', expand: (n) => `Expand ${n}`, collapse: (n) => `Collapse ${n}` },
  search2: {
    suggestions: 'Suggestions',
    kinds: { tag: 'Tag', folder: 'Folder', album: 'Album', text: 'Search', person: 'Person', place: 'Place' },
    byImage: 'Search by photo…',
    byImageTitle: 'Find photos like an image from your computer',
  },
  drop2: {
    desktop: 'Drop a folder to add it, or an image to find similar photos',
    browser: 'Drop an image to find similar photos',
  },
  errors: {
    folderMissing: (p) => `The folder ${p} does not exist.`,
    notAFolder: (p) => `${p} is a file, not a folder.`,
    insideHome: (p) => `${p} is inside Loupe's own data folder and cannot be added.`,
    alreadyInLibrary: (p, parent) => `${p} is already in your library (inside ${parent}).`,
    notLibraryFolder: (p) => `${p} is not one of your library folders.`,
    photoGone: 'This photo is no longer in the library.',
    personOnPhoto: (name) => `${name || 'This person'} is already on this photo (another face): one photo's faces are never one person.`,
    peopleOnOnePhoto: (photo) => `Not merged: these people are on ${photo} together, so they are two people. If one of those faces is someone else, mark it "Not this person" first.`,
    nameTaken: (name) => `Someone else is already named ${name}. If they are the same person, merge the two; if not, give this one a name that tells them apart.`,
    notFullPath: (p) => `“${p}” is not a folder's full path. Type the whole path, starting at the top, such as /home/anna/Pictures or C:\\Users\\Anna\\Pictures.`,
    unknownPlace: (name) => `No place called “${name}” is known. Type a city, with its country or region if there are several (“Paris, France”), or a country.`,
    badDate: (t) => `“${t}” is not a date. Write it as 2019-05-12 or 2019-05-12 14:30.`,
    dateOutOfRange: (t) => `“${t}” cannot be a photo’s date: it is before 1826 or in the future.`,
    badShift: (t) => `“${t}” is not an offset. Write it with a sign: +1h, -2d, +1d 3h, +0:30 or -1y.`,
    noDateToShift: (f) => `${f} has no date to shift: set one instead. No date was changed.`,
    shiftOutOfRange: (f, o) => `${o} would put ${f} before 1826 or in the future. No date was changed.`,
    badRequest: 'Loupe could not do that: the request was not valid.',
    serverUnreachable: 'Loupe cannot reach its server. Is `loupe serve` still running?',
    notAllowed: 'This page is not allowed to use your library. Open the link `loupe serve` printed.',
    generic: 'Something went wrong.',
  },
  reasons: {
    unsupported: 'Not a photo format Loupe can read',
    corrupt: 'The file is damaged or incomplete',
    empty: 'The file is empty',
    unreadable: 'The file could not be read (permissions?)',
    tooLarge: 'The image is too large to open',
    decode: 'The image could not be decoded',
    other: 'Could not be indexed',
  },
};

export const uiZh: UiMessages = {
  nav2: { back: '返回', close: '关闭', albums: '相册' },
  grid: { notYet: '尚未就绪', waiting: (n) => `${n.toLocaleString('zh-CN')} 张尚未建立索引` },
  sel: {
    toolbar: '对所选照片的操作',
    count: (n) => `已选 ${n.toLocaleString('zh-CN')} 张`,
    clear: '取消选择',
    selectAll: '全选',
    favourite: '收藏',
    unfavourite: '取消收藏',
    rate: '评分',
    stars: (n) => (n === 0 ? '无星级' : `${n} 星`),
    colour: '颜色标记',
    labels: { none: '无标记', red: '红色', orange: '橙色', yellow: '黄色', green: '绿色', blue: '蓝色', purple: '紫色' },
    addToAlbum: '添加到相册',
    newAlbum: '新建相册…',
    albumName: '相册名称',
    create: '创建',
    tag: '标签',
    tagPlaceholder: '标签名称',
    addTag: '添加标签',
    removeTag: '移除标签',
    exportCopies: '导出副本…',
    exportTitle: '导出副本',
    exportBody: (n) => `将把${n === 1 ? '这张照片' : `这 ${n.toLocaleString('zh-CN')} 张照片`}复制到你选择的文件夹。原文件保持不动。`,
    exportFolder: '复制到的文件夹',
    exportButton: '导出',
    exported: (n, f) => `已复制 ${n.toLocaleString('zh-CN')} 张照片到 ${f}`,
    notExported: (n) => `${n.toLocaleString('zh-CN')} 张照片未能复制`,
    trash: '移到回收站…',
    trashTitle: '移到回收站？',
    trashBody: (n) => `这 ${n.toLocaleString('zh-CN')} 张照片将被移到系统回收站。随后可以立即撤销。`,
    teachTag: '教一个标签…',
    tagged: (n, t) => `已为 ${n.toLocaleString('zh-CN')} 张照片添加标签“${t}”`,
    untagged: (n, t) => `已从 ${n.toLocaleString('zh-CN')} 张照片移除标签“${t}”`,
    addedToAlbum: (n, a) => `已将 ${n.toLocaleString('zh-CN')} 张照片添加到“${a}”`,
    marked: (n) => `已更新 ${n.toLocaleString('zh-CN')} 张照片`,
    more: (n) => `还有 ${n.toLocaleString('zh-CN')} 张`,
  },
  albums: {
    title: '相册',
    none: '还没有相册：选中照片后选择“添加到相册”。',
    filter: '相册',
    any: '全部',
    favourites: '收藏',
    minRating: '评分',
    anyRating: '全部',
    atLeast: (n) => `${'★'.repeat(n)} 及以上`,
    label: '颜色标记',
    anyLabel: '全部',
    deleteAlbum: (a) => `删除相册 ${a}`,
    confirmDelete: (a) => `删除相册“${a}”？其中的照片仍保留在图库中。`,
    deleted: (a) => `已删除相册“${a}”`,
    inAlbums: '所在相册',
    created: (a) => `已创建相册“${a}”`,
  },
  view2: {
    zoomIn: '放大',
    zoomOut: '缩小',
    fit: '适合窗口',
    fill: '填满窗口',
    actual: '实际大小（1:1）',
    zoom: (p) => `缩放 ${p}`,
    rotateLeft: '向左旋转',
    rotateRight: '向右旋转',
    fullscreen: '全屏',
    slideshow: '幻灯片放映',
    stopSlideshow: '停止放映',
    showInFolder: '在文件夹中显示',
    exportCopy: '导出副本…',
    favourite: '收藏',
    unfavourite: '取消收藏',
    rating: '评分',
    setStars: (n) => (n === 0 ? '清除评分' : `评为 ${n} 星`),
    shortcuts: '键盘快捷键',
    shortcutsTitle: '键盘快捷键',
    keyHelp: [
      '上一张 / 下一张',
      '第一张 / 最后一张',
      '放大 / 缩小',
      '适合窗口',
      '实际大小（1:1）',
      '填满窗口',
      '向右 / 向左旋转',
      '全屏',
      '开始或停止幻灯片放映',
      '收藏',
      '星级评分',
      '显示本列表',
      '关闭',
    ],
    tools: '照片工具',
  },
  similar2: {
    relevant: (n) => `${n.toLocaleString('zh-CN')} 张相似照片`,
    noneRelevant: '没有明显相似的照片。',
    lessSimilar: (n) => `${n.toLocaleString('zh-CN')} 张不太相似的照片`,
    showLess: '显示不太相似的照片',
    hideLess: '隐藏不太相似的照片',
  },
  tree: { title: '浏览文件夹', allPhotos: '全部照片', expand: (n) => `展开 ${n}`, collapse: (n) => `收起 ${n}` },
  search2: {
    suggestions: '搜索建议',
    kinds: { tag: '标签', folder: '文件夹', album: '相册', text: '搜索', person: '人物', place: '地点' },
    byImage: '以图搜图…',
    byImageTitle: '用电脑上的一张图片查找相似照片',
  },
  drop2: {
    desktop: '拖入文件夹即可添加；拖入图片即可查找相似照片',
    browser: '拖入图片即可查找相似照片',
  },
  errors: {
    folderMissing: (p) => `文件夹 ${p} 不存在。`,
    notAFolder: (p) => `${p} 是文件，不是文件夹。`,
    insideHome: (p) => `${p} 位于 Loupe 自己的数据文件夹中，不能添加。`,
    alreadyInLibrary: (p, parent) => `${p} 已在图库中（位于 ${parent} 内）。`,
    notLibraryFolder: (p) => `${p} 不是图库中的文件夹。`,
    photoGone: '这张照片已不在图库中。',
    personOnPhoto: (name) => `${name || '此人'}已在这张照片中（另一张脸）：同一张照片里的脸不会是同一个人。`,
    peopleOnOnePhoto: (photo) => `未合并：这些人同时出现在 ${photo} 中，是不同的人。如果其中一张脸是别人，请先标记“不是此人”。`,
    nameTaken: (name) => `已有另一个人叫“${name}”。如果是同一个人，请合并两人；如果不是，请给此人起一个能区分的名字。`,
    notFullPath: (p) => `“${p}”不是文件夹的完整路径。请输入从根目录开始的完整路径，例如 /home/anna/Pictures 或 C:\\Users\\Anna\\Pictures。`,
    // Most cities outside China have no Chinese name in the bundled data (docs/places.md): say how to find them.
    unknownPlace: (name) => `找不到名为“${name}”的地点。请输入城市名，同名城市较多时可加上国家或地区（如“Paris, France”），也可以只输入国家。中国以外的城市多数只有英文名，请用英文输入（如 New York）。`,
    badDate: (t) => `“${t}”不是日期。请写成 2019-05-12 或 2019-05-12 14:30。`,
    dateOutOfRange: (t) => `“${t}”不可能是照片的日期：早于 1826 年或在未来。`,
    badShift: (t) => `“${t}”不是偏移。请带正负号输入：+1h、-2d、+1d 3h、+0:30 或 -1y。`,
    noDateToShift: (f) => `${f} 没有可移动的日期，请直接设置日期。没有更改任何日期。`,
    shiftOutOfRange: (f, o) => `${o} 会使 ${f} 的日期早于 1826 年或在未来。没有更改任何日期。`,
    badRequest: 'Loupe 无法完成此操作：请求无效。',
    serverUnreachable: 'Loupe 无法连接到它的服务器。`loupe serve` 还在运行吗？',
    notAllowed: '此页面无权使用你的照片库。请打开 `loupe serve` 显示的链接。',
    generic: '出了点问题。',
  },
  reasons: {
    unsupported: 'Loupe 无法读取这种照片格式',
    corrupt: '文件已损坏或不完整',
    empty: '文件是空的',
    unreadable: '无法读取文件（权限不足？）',
    tooLarge: '图片太大，无法打开',
    decode: '无法解码这张图片',
    other: '无法建立索引',
  },
};
