// Labels of the native menu. Standard items (copy, paste, zoom, ...) use Electron roles, which the
// OS localises itself; only the top-level menus and Loupe's own items need a table here.
export type MenuLocale = 'en' | 'zh-CN';

export interface MenuLabels {
  file: string;
  edit: string;
  view: string;
  window: string;
  help: string;
  showDataFolder: string;
}

const LABELS: Record<MenuLocale, MenuLabels> = {
  en: {
    file: 'File',
    edit: 'Edit',
    view: 'View',
    window: 'Window',
    help: 'Help',
    showDataFolder: 'Show Library Data Folder',
  },
  'zh-CN': {
    file: '文件',
    edit: '编辑',
    view: '视图',
    window: '窗口',
    help: '帮助',
    showDataFolder: '显示资料库数据文件夹',
  },
};

/** Chinese for any zh-* locale (Simplified is the only Chinese table for now), English otherwise. */
export function pickMenuLocale(locale: string): MenuLocale {
  return locale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function menuLabels(locale: string): MenuLabels {
  return LABELS[pickMenuLocale(locale)];
}
