// The recogniser reads some letters as the digits they look like: "ZER0", "B00K", "M1LK", "CA5H". Search finds such
// words by what they were meant to say: besides the text as read, it matches the text with each digit that sits in
// a word read as its letter. Only where it plainly is one: a number ("2019", "5.00", "100ML", "12PCS") stays a
// number, so "zoig" finds no 2019. Every reading is as long as the text (one character for one), so a match in
// one marks the same characters of the text as read.

/** What each digit is read as inside a word: 1 is l or I, so there are two readings. */
const AS_LETTER: readonly Readonly<Record<string, string>>[] = [
  { 0: 'o', 1: 'l', 5: 's' },
  { 0: 'o', 1: 'i', 5: 's' },
];

/** A run of letters and digits; the digits in it are read as letters only where all its letters are Latin. */
const WORD = /[\p{L}\p{N}]+/gu;
const LATIN_WORD = /^[\p{Script=Latin}0-9]+$/u;
const DIGITS = /[0-9]+/g;

/**
 * The text as read, then read with the digits inside its words as letters, 1 as l and as I: always three, the text
 * itself where nothing changes, so the readings of several lines join kind with kind (a document, a line break).
 * A digit is read as a letter where it is one of 0, 1, 5 in a Latin word that holds no other digit, and:
 * between two letters, one or two of them ("B00K", "M1LK", "CA5H"); or a lone 0 at either end of a word of 3
 * letters or more ("ZER0", "0RANGE"), as a 1 or 5 there is as likely a number the recogniser ran into the word
 * ("ITEM5", "1PCS").
 */
export function readings(text: string): [string, string, string] {
  const [asL, asI] = AS_LETTER.map((letters) => text.replace(WORD, (word) => asLetters(word, letters)));
  return [text, asL, asI];
}

/** The readings of a text other than as read (none where no digit is read as a letter). */
export function misreadings(text: string): string[] {
  const [asRead, ...others] = readings(text);
  return [...new Set(others)].filter((r) => r !== asRead);
}

function asLetters(word: string, letters: Readonly<Record<string, string>>): string {
  if (!LATIN_WORD.test(word) || /[2-46-9]/.test(word)) return word;
  const letterCount = word.replace(/[0-9]/g, '').length;
  if (letterCount === 0) return word;
  return word.replace(DIGITS, (run, at: number) => {
    const inside = at > 0 && at + run.length < word.length;
    if (inside ? run.length <= 2 : run === '0' && letterCount >= 3) return [...run].map((d) => letters[d]).join('');
    return run;
  });
}
