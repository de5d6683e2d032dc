import { describe, expect, it } from 'vitest';
import { isReceipt, receiptEvidence } from '../../../../src/main/engine/text/receipt-rule.js';

const lines = (...texts: string[]) => texts.map((text) => ({ text }));
const receipt = (...texts: string[]) => isReceipt(receiptEvidence(lines(...texts)));

describe('receipt rule: amounts, words of paying and a date, from the lines as the recogniser reads them', () => {
  it('calls a shop receipt a receipt without the word "receipt" on it', () => {
    expect(receipt('CORNER BAKERY', '04/05/2019 16:07', 'Walnut Raisin 8.60', 'Dark Rye Bun 6.90', 'SUBTOTAL 15.50', 'CASH 20.00', 'CHANGE 4.50')).toBe(true);
    // lost spaces and merged fields, as the recogniser gives them on small print
    expect(receipt('BOOKTA.K(TAMANDAYA)SDNBHD', 'Date:', '25/12/20188:13:39PM', '9.00', 'Total:', 'RounddTotal(RM):', '9.00', 'Cash', '10.00', 'CHANGE')).toBe(true);
    expect(receipt('PappaRich', '24Mar1809:12:41PM', 'MILO DINO 7.45 S', '35.66 S', 'Subtotal', '62.55', '6%GST', '4.13', 'Change Due', '0.05')).toBe(true);
  });

  it('calls a Chinese till slip (小票) a receipt', () => {
    expect(receipt('华联超市', '2019年5月4日 10:21', '鲜牛奶 12.50', '面包 8.00', '合计 20.50', '现金 50.00', '找零 29.50')).toBe(true);
    expect(receipt('收银员: 王', '2019-05-04', '单价 数量 金额', '苹果 3.20', '香蕉 4.80', '小计 8.00')).toBe(true);
  });

  it('does not call a price tag, a menu board, a sale poster or a dated notice a receipt', () => {
    expect(receipt('SALE', 'NOW $19.90', 'was $29.90', 'UNTIL 31/12/2019')).toBe(false); // amounts and a date, no paying words
    expect(receipt('MENU', 'Coffee 3.50', 'Tea 2.80', 'Cake 4.20', 'Sandwich 6.90')).toBe(false);
    expect(receipt('CASH ONLY', 'No change given', 'Parking 2.00 per hour')).toBe(false); // words of paying, one amount
    expect(receipt('TOTAL CLEARANCE', 'Everything 5.00', 'Shoes 10.00', 'Bags 15.00', 'Cash and Visa welcome')).toBe(false); // no date
    expect(receipt('Opening hours 10.00 - 22.00', 'Since 2019-05-04')).toBe(false);
    expect(receipt()).toBe(false);
  });

  it('says what it found', () => {
    const e = receiptEvidence(lines('TOTALINCL.GST@6% RM15.90', 'CASH RM50.00', 'CHANGE RM34.10', '19-09-17 15:39'));
    expect(e.amountLines).toBe(3);
    expect(e.payingWords.sort()).toEqual(['cash', 'change', 'gst', 'total']);
    expect(e.dated).toBe(true);
    // a date, a phone number or a product code is not an amount
    expect(receiptEvidence(lines('2019.05.04', 'Tel 03-62584088', '9556939040118', 'v1.2.3')).amountLines).toBe(0);
  });
});
