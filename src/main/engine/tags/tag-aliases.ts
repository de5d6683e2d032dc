// Everyday words people type for the detector's COCO classes (and the text stage's tags), in English and Chinese.
// A Chinese query already matches any tag whose Chinese name it contains ("小狗" contains "狗"), so only words that
// do not contain the class name are listed. Kept short on purpose: a wrong alias costs more trust than a missing one.
export const TAG_ALIASES: Readonly<Record<string, readonly string[]>> = {
  person: ['people', 'man', 'men', 'woman', 'women', 'child', 'children', 'kid', 'kids', 'boy', 'girl', 'baby', 'portrait', '男', '女', '孩子', '宝宝', '婴儿', '肖像'],
  dog: ['puppy', 'puppies', 'doggy'],
  cat: ['kitten', 'kitty'],
  car: ['automobile', '轿车', '车子'],
  motorcycle: ['motorbike', 'motorbikes', 'scooter', '机车', '电单车'],
  bicycle: ['bike', 'bikes', 'cycling', '单车', '脚踏车'],
  airplane: ['plane', 'planes', 'aeroplane', 'aircraft', 'jet'],
  boat: ['ship', 'sailboat', 'yacht', '帆船', '轮船'],
  'cell phone': ['phone', 'smartphone', 'mobile', '电话', '智能手机'],
  'dining table': ['table', '桌子', '饭桌'],
  'potted plant': ['plant', 'plants', '植物'],
  tv: ['television', '电视'],
  laptop: ['notebook computer', '电脑', '笔记本'],
  couch: ['sofa', 'sofas'],
  bird: ['birds', '鸟儿'],
  horse: ['pony'],
  sheep: ['lamb'],
  cow: ['cattle', 'cows', '牛'],
  // the text stage's tag (text/receipt-rule.ts); not "bill": a person's name, and a dollar bill is no receipt
  receipt: ['invoice', 'till receipt', '小票', '发票', '收據', '發票', '账单', '賬單'],
};
