// The words of the map, the timeline and the viewer's place card, in English and Chinese. Spread into the main
// table (messages.ts) as `places`.

export interface PlacesMessages {
  navMap: string;
  navTimeline: string;
  mapTitle: string;
  mapLabel: string;
  zoomIn: string;
  zoomOut: string;
  resetView: string;
  cluster(count: number): string;
  noPlaces: string;
  placesList: string;
  atSea: string;
  photosHere(count: number): string;
  closePanel: string;
  timelineTitle: string;
  groupBy: string;
  day: string;
  month: string;
  year: string;
  years: string;
  undated(count: number): string;
  undatedHint: string;
  onThisDay: string;
  yearsAgo(years: number): string;
  noTimeline: string;
  place: string;
  noPlace: string;
  placeSource: { gps: string; user: string };
  setPlace: string;
  setPlacePlaceholder: string;
  clearPlace: string;
  placeSaved: string;
  noChineseName: string;
}

export const placesEn: PlacesMessages = {
  navMap: 'Map',
  navTimeline: 'Timeline',
  mapTitle: 'Places',
  mapLabel: 'World map of your photos. Drag to move, scroll or use + and − to zoom.',
  zoomIn: 'Zoom in',
  zoomOut: 'Zoom out',
  resetView: 'Whole world',
  cluster: (n) => (n === 1 ? '1 photo here' : `${n.toLocaleString('en')} photos here`),
  noPlaces: 'No photo has a place yet. Photos with GPS get one when they are indexed; you can also set a place in the viewer.',
  placesList: 'Places',
  atSea: 'At sea',
  photosHere: (n) => (n === 1 ? '1 photo' : `${n.toLocaleString('en')} photos`),
  closePanel: 'Close',
  timelineTitle: 'Timeline',
  groupBy: 'Group by',
  day: 'Day',
  month: 'Month',
  year: 'Year',
  years: 'Years',
  undated: (n) => `No date (${n.toLocaleString('en')})`,
  undatedHint: 'These photos carry no capture date, and their files gave none.',
  onThisDay: 'On this day',
  yearsAgo: (n) => (n === 1 ? '1 year ago' : `${n} years ago`),
  noTimeline: 'No photos yet.',
  place: 'Place',
  noPlace: 'Unknown',
  placeSource: { gps: 'from GPS', user: 'set by you' },
  setPlace: 'Set place',
  setPlacePlaceholder: 'City, e.g. Paris or 杭州',
  clearPlace: 'Use GPS',
  placeSaved: 'Place saved',
  noChineseName: 'no Chinese name known',
};

export const placesZh: PlacesMessages = {
  navMap: '地图',
  navTimeline: '时间线',
  mapTitle: '地点',
  mapLabel: '照片的世界地图。拖动可移动，滚轮或 + − 可缩放。',
  zoomIn: '放大',
  zoomOut: '缩小',
  resetView: '全世界',
  cluster: (n) => `这里有 ${n} 张照片`,
  noPlaces: '还没有照片有地点。带 GPS 的照片在建立索引时获得地点；也可以在查看器里设置地点。',
  placesList: '地点',
  atSea: '海上',
  photosHere: (n) => `${n} 张照片`,
  closePanel: '关闭',
  timelineTitle: '时间线',
  groupBy: '分组',
  day: '日',
  month: '月',
  year: '年',
  years: '年份',
  undated: (n) => `无日期（${n}）`,
  undatedHint: '这些照片没有拍摄日期，文件里也找不到日期。',
  onThisDay: '那年今日',
  yearsAgo: (n) => `${n} 年前`,
  noTimeline: '还没有照片。',
  place: '地点',
  noPlace: '未知',
  placeSource: { gps: '来自 GPS', user: '你设置的' },
  setPlace: '设置地点',
  setPlacePlaceholder: '城市，例如 杭州 或 Paris',
  clearPlace: '使用 GPS',
  placeSaved: '地点已保存',
  noChineseName: '暂无中文名',
};
