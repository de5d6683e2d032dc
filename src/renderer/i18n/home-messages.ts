// The words about the library home itself (a damaged catalog and its ways out, the home's notices), in both
// languages. Kept apart from messages.ts so the feature's strings live with it; typed so a missing translation does
// not compile.
import type { CatalogProblem, HomeNotice } from '../../shared/home-types.js';
import type { Locale } from './messages.js';

export interface HomeMessages {
  /** the banner's heading, by what happened to the catalog */
  damagedTitle: Record<CatalogProblem, string>;
  /** what happened, naming the catalog file */
  damagedText(problem: CatalogProblem, catalog: string): string;
  untouched: string;
  /** a backup exists, taken at this (formatted) time */
  backupFrom(when: string): string;
  noBackup: string;
  restore: string;
  startFresh: string;
  /** the second click of "start fresh" */
  startFreshConfirm: string;
  startFreshWarning: string;
  repairing: string;
  /** the fold holding the technical message */
  details: string;
  /** the home's notices, by key */
  notice(n: HomeNotice): string;
}

export const homeMessages: Record<Locale, HomeMessages> = {
  en: {
    damagedTitle: {
      damaged: 'Your catalog is damaged',
      empty: 'Your catalog is empty',
      missing: 'Your catalog is missing',
    },
    damagedText: (problem, catalog) =>
      problem === 'damaged'
        ? `Loupe cannot read its catalog ${catalog}: the file is damaged.`
        : problem === 'empty'
          ? `The catalog ${catalog} is empty (0 bytes), although this library had one.`
          : `The catalog ${catalog} is missing, although this library had one.`,
    untouched: 'Your photos are untouched, and Loupe has not started a new library over your tags and decisions.',
    backupFrom: (when) => `A backup from ${when} can be put back. Photos added or changed since then are indexed again.`,
    noBackup: 'There is no backup yet. You can start a new, empty catalog; the old one is kept aside.',
    restore: 'Restore the backup',
    startFresh: 'Start a new catalog',
    startFreshConfirm: 'Yes, start a new, empty catalog',
    startFreshWarning: 'Tags, albums, names and decisions in the old catalog will not be in the new one (the old file is kept aside).',
    repairing: 'Repairing…',
    details: 'Details',
    notice: (n) => {
      switch (n.key) {
        case 'read-only':
          return `The library home ${n.folder ?? ''} is read-only: photos can be browsed, not changed.`;
        case 'cleanup-finished':
          return n.count === 1
            ? 'A clean-up that was interrupted has been finished: 1 photo is in the trash and can be put back.'
            : `A clean-up that was interrupted has been finished: ${n.count} photos are in the trash and can be put back.`;
        case 'cleanup-rolled-back':
          return n.count === 1
            ? 'A clean-up that was interrupted was undone for 1 photo that had not been moved yet.'
            : `A clean-up that was interrupted was undone for ${n.count} photos that had not been moved yet.`;
        case 'cleanup-waiting':
          return 'A clean-up was interrupted; it will be finished shortly. Nothing is lost.';
      }
    },
  },
  'zh-CN': {
    damagedTitle: {
      damaged: '照片目录已损坏',
      empty: '照片目录是空的',
      missing: '照片目录不见了',
    },
    damagedText: (problem, catalog) =>
      problem === 'damaged'
        ? `Loupe 无法读取目录文件 ${catalog}：文件已损坏。`
        : problem === 'empty'
          ? `目录文件 ${catalog} 是空的（0 字节），但这个照片库原本有目录。`
          : `目录文件 ${catalog} 不见了，但这个照片库原本有目录。`,
    untouched: '您的照片没有受到任何影响；Loupe 也没有新建一个空的照片库覆盖您的标签和决定。',
    backupFrom: (when) => `可以恢复 ${when} 的备份。之后新增或修改的照片会重新索引。`,
    noBackup: '目前还没有备份。您可以新建一个空目录；旧目录会被保留在一旁。',
    restore: '恢复备份',
    startFresh: '新建目录',
    startFreshConfirm: '确定，新建一个空目录',
    startFreshWarning: '旧目录中的标签、相册、人名和决定不会出现在新目录中（旧文件会被保留）。',
    repairing: '正在修复…',
    details: '详细信息',
    notice: (n) => {
      switch (n.key) {
        case 'read-only':
          return `照片库目录 ${n.folder ?? ''} 是只读的：可以浏览照片，但不能修改。`;
        case 'cleanup-finished':
          return `一次被中断的清理已经完成：${n.count} 张照片在回收站中，可以恢复。`;
        case 'cleanup-rolled-back':
          return `一次被中断的清理已撤销：${n.count} 张尚未移动的照片保持原样。`;
        case 'cleanup-waiting':
          return '一次清理被中断了，稍后会自动完成，不会丢失任何内容。';
      }
    },
  },
};
