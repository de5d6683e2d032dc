// Whether a photo is a receipt (or a bill, an invoice), decided from the text lines the text stage read, so that
// "receipt 2019" finds receipts whose printed words never say "receipt". A receipt is what a shop prints when
// something is paid: several amounts of money, the words of paying (total, cash, change, tax; 合计, 找零), and a
// date. A street scene with a price tag, a menu or a sign has one or two of these, rarely all three. The rule asks
// for all of them, or for many words of paying where the date was misread (precision first: a wrong "receipt" on a
// holiday photo costs more trust than a missed one).
// How the thresholds were chosen and what they give: docs/text.md ("Receipts").

/** What a photo's text says about it being a receipt (the tag it gives: TEXT_TAGS in src/shared/text-types.ts). */
export interface ReceiptEvidence {
  /** lines holding an amount of money (a number with two decimals: 9.00, RM15.90, ¥12.50, 3,49) */
  amountLines: number;
  /** distinct words of paying found (total, subtotal, cash, change, tax, gst, 合计, 找零, ...) */
  payingWords: string[];
  /** a date in the text (25/12/2018, 2019-05-04, 19.09.17, 24Mar18, 2019年5月4日) */
  dated: boolean;
}

/** At least this many lines with an amount: a receipt lists items and a total; a price tag or a menu board has
 *  fewer lines with cents, or no words of paying. */
export const RECEIPT_MIN_AMOUNT_LINES = 3;
/** At least this many distinct words of paying ("total" and "cash", "合计" and "找零"). */
export const RECEIPT_MIN_PAYING_WORDS = 2;
/** Without a date that could be read (a misread month, "0ct 3.2016"), this many: more than any scene has. */
export const RECEIPT_UNDATED_PAYING_WORDS = 4;

// Words printed where something was paid. English (also Singapore's and Malaysia's receipts: GST, RM, rounding),
// and Chinese (simplified and traditional). Latin words match whole (after the OCR's lost spaces, see below).
const PAYING_LATIN = [
  'total', 'subtotal', 'cash', 'change', 'tax', 'gst', 'vat', 'amount', 'amt', 'qty', 'quantity', 'receipt',
  'invoice', 'tendered', 'balance', 'payment', 'paid', 'visa', 'mastercard', 'rounding', 'discount', 'cashier',
  'price', 'due', 'tip', 'item', 'items',
];
const PAYING_CJK = [
  '合计', '小计', '总计', '總計', '合計', '小計', '金额', '金額', '找零', '实收', '實收', '应收', '應收', '收银', '收銀',
  '单价', '單價', '数量', '數量', '现金', '現金', '发票', '發票', '收据', '收據', '税额', '稅額', '付款', '实付', '應付',
  '应付', '折扣', '小票',
];

// An amount: digits, a decimal point or comma, exactly two decimals, not part of a longer number (a date, a code).
const AMOUNT = /(?<![\d.,])\d{1,7}[.,]\d{2}(?![\d.,]?\d)/;
const MONTH = 'jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec';
const DATE = new RegExp(
  [
    /(?<!\d)\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}/.source, // 25/12/2018, 2019-05-04, 19.09.17 (the time may follow unspaced)
    /\d{4}年\d{1,2}月/.source, // 2019年5月
    `(?<![a-z])\\d{1,2}\\s?(?:${MONTH})[a-z]*\\s?\\d{2,4}`, // 24Mar18, 4 may 2019
    `(?:${MONTH})[a-z]*\\s?\\d{1,2},?\\s?\\d{4}`, // May 4, 2019
  ].join('|'),
);

/** What a photo's text says about it being a receipt. */
export function receiptEvidence(lines: readonly { text: string }[]): ReceiptEvidence {
  let amountLines = 0;
  let dated = false;
  const paying = new Set<string>();
  for (const line of lines) {
    const text = line.text.normalize('NFKC').toLowerCase();
    if (AMOUNT.test(text)) amountLines++;
    if (!dated && DATE.test(text)) dated = true;
    for (const w of PAYING_CJK) if (text.includes(w)) paying.add(w);
    // The recogniser often loses the spaces of printed receipts ("TOTALINCL.GST@6%", "CASHBILL"): a word counts
    // where a run of letters is that word, or starts with it when it has 4+ letters (so "tax" is not "taxi").
    for (const run of text.match(/[a-z]+/g) ?? []) {
      for (const w of PAYING_LATIN) if (run === w || (run.length > w.length && run.startsWith(w) && w.length >= 4)) paying.add(w);
    }
  }
  return { amountLines, payingWords: [...paying], dated };
}

/** The rule: enough amounts, and words of paying with a date (or many words of paying). */
export function isReceipt(evidence: ReceiptEvidence): boolean {
  const words = evidence.payingWords.length;
  return evidence.amountLines >= RECEIPT_MIN_AMOUNT_LINES
    && words >= RECEIPT_MIN_PAYING_WORDS
    && (evidence.dated || words >= RECEIPT_UNDATED_PAYING_WORDS);
}
