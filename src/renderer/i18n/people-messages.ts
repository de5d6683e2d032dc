// The People screen's and the viewer's face strings (issue #12), Chinese and English, kept out of the main table.
import type { Locale } from './messages.js';

export interface PeopleMessages {
  nav: string;
  title: string;
  count: (people: number) => string;
  photos: (n: number) => string;
  unnamed: string;
  namePlaceholder: string;
  nameLabel: (current: string) => string;
  none: string;
  showHidden: string;
  hide: string;
  unhide: string;
  hidden: string;
  select: (name: string) => string;
  mergeSelected: (n: number) => string;
  merged: string;
  /** asked before a merge would drop a name the user gave: `names` all the selection's names, `kept` the one that stays */
  mergeAskTitle: string;
  mergeAsk: (names: string[], kept: string) => string;
  mergeConfirm: string;
  back: string;
  faces: string;
  moveOut: (n: number) => string;
  movedOut: string;
  notThisPerson: string;
  notAFace: string;
  suggestions: string;
  suggestion: (name: string, percent: number) => string;
  confirmKeys: string;
  yes: string;
  no: string;
  skip: string;
  noSuggestions: string;
  unknown: string;
  addFace: string;
  drawHint: string;
  faceAdded: string;
  whoIsThis: string;
  nameIt: string;
  faceNamed: (name: string) => string;
  notGrouped: (n: number) => string;
  notGroupedHint: string;
  openFace: (photo: string) => string;
}

/** “A” and “B”; “A”, “B” and “C”. */
function quotedList(names: string[]): string {
  const quoted = names.map((n) => `“${n}”`);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

const en: PeopleMessages = {
  nav: 'People',
  title: 'People',
  count: (n) => (n === 1 ? '1 person' : `${n} people`),
  photos: (n) => (n === 1 ? '1 photo' : `${n} photos`),
  unnamed: 'Add a name',
  namePlaceholder: 'Name',
  nameLabel: (current) => `Name of ${current}`,
  none: 'No people yet. Faces are grouped once someone appears in three photos; indexing finds them. To name someone sooner, open a photo and choose “Who is this?” on their face.',
  showHidden: 'Show hidden people',
  hide: 'Hide',
  unhide: 'Show again',
  hidden: 'hidden',
  select: (name) => `Select ${name}`,
  mergeSelected: (n) => `Merge ${n} people`,
  merged: 'Merged.',
  mergeAskTitle: 'Merge people with different names?',
  mergeAsk: (names, kept) =>
    `${quotedList(names)} will be one person named “${kept}”; the other names will be gone. Merge only if they are the same person.`,
  mergeConfirm: 'Merge',
  back: '← People',
  faces: 'Faces',
  moveOut: (n) => `Move ${n} face(s) to a new person`,
  movedOut: 'Moved to a new person.',
  notThisPerson: 'Not this person',
  notAFace: 'Not a face',
  suggestions: 'Is this…?',
  suggestion: (name, p) => `Is this ${name}? (${p}% sure)`,
  confirmKeys: 'Y or Enter: yes · N: no · S or →: skip',
  yes: 'Yes',
  no: 'No',
  skip: 'Skip',
  noSuggestions: 'No faces to confirm.',
  unknown: 'Unknown',
  addFace: 'Add a face',
  drawHint: 'Drag a box around the face',
  faceAdded: 'Face added.',
  whoIsThis: 'Who is this?',
  nameIt: 'Name',
  faceNamed: (name) => `Named ${name}.`,
  notGrouped: (n) => `Not grouped yet (${n})`,
  notGroupedHint: 'Faces of someone in fewer than three photos, or too unlike their other faces to be grouped. Open one and choose “Who is this?” on the face.',
  openFace: (photo) => `Open ${photo}`,
};

const zhCN: PeopleMessages = {
  nav: '人物',
  title: '人物',
  count: (n) => `${n} 人`,
  photos: (n) => `${n} 张照片`,
  unnamed: '添加名字',
  namePlaceholder: '名字',
  nameLabel: (current) => `${current} 的名字`,
  none: '还没有人物。某人出现在三张照片里后，人脸会自动归为一组；索引时会找到人脸。想早点命名，可以打开照片，在人脸上选择“这是谁？”。',
  showHidden: '显示已隐藏的人物',
  hide: '隐藏',
  unhide: '取消隐藏',
  hidden: '已隐藏',
  select: (name) => `选择 ${name}`,
  mergeSelected: (n) => `合并 ${n} 人`,
  merged: '已合并。',
  mergeAskTitle: '合并名字不同的人物？',
  mergeAsk: (names, kept) => `${names.map((n) => `“${n}”`).join('、')}将合并为一个人，名为“${kept}”，其他名字将不再保留。请只合并确实是同一个人的人物。`,
  mergeConfirm: '合并',
  back: '← 人物',
  faces: '人脸',
  moveOut: (n) => `把 ${n} 张人脸移到新人物`,
  movedOut: '已移到新人物。',
  notThisPerson: '不是此人',
  notAFace: '不是人脸',
  suggestions: '这是……吗？',
  suggestion: (name, p) => `这是${name}吗？（把握 ${p}%）`,
  confirmKeys: 'Y 或回车：是 · N：不是 · S 或 →：跳过',
  yes: '是',
  no: '不是',
  skip: '跳过',
  noSuggestions: '没有需要确认的人脸。',
  unknown: '未知',
  addFace: '添加人脸',
  drawHint: '在人脸周围拖出一个方框',
  faceAdded: '已添加人脸。',
  whoIsThis: '这是谁？',
  nameIt: '命名',
  faceNamed: (name) => `已命名为 ${name}。`,
  notGrouped: (n) => `尚未归组（${n}）`,
  notGroupedHint: '只出现在不到三张照片里、或与其他照片差别太大而未能归组的人脸。打开一张，在人脸上选择“这是谁？”。',
  openFace: (photo) => `打开 ${photo}`,
};

const TABLES: Record<Locale, PeopleMessages> = { en, 'zh-CN': zhCN };

export function peopleMessagesFor(l: Locale): PeopleMessages {
  return TABLES[l];
}
