// Words of the daily-use features (navigation, selection and batch actions, albums and ratings, the viewer's
// tools, engine messages by code), in their own table and spread into messages.ts's. Same rules: typed, every
// entry in both languages, counts as functions.
export interface UiMessages {
  nav2: { back: string; backTo(screen: string): string; close: string };
}

export const uiEn: UiMessages = {
  nav2: { back: 'Back', backTo: (s) => `Back to ${s}`, close: 'Close' },
};

export const uiZh: UiMessages = {
  nav2: { back: '返回', backTo: (s) => `返回${s}`, close: '关闭' },
};
