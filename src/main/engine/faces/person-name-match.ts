// Which people a search word names: the start of a word of the name, case and accents ignored ("li" finds Li Wei,
// not Bill CLInton; "marie" finds Anne-Marie; "jose" finds José), and in Chinese any part of the name (its parts
// have no spaces between them: "建华" finds 董建华). Letters inside a word found the wrong people (trial 22).

const HAN = /\p{Script=Han}/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Whether the search word `term` names the person called `name`. */
export function nameMatchesTerm(name: string, term: string): boolean {
  const folded = fold(name);
  const want = fold(term).trim();
  if (!want) return false;
  if (HAN.test(want)) return folded.includes(want);
  for (let at = folded.indexOf(want); at >= 0; at = folded.indexOf(want, at + 1)) {
    if (at === 0 || !WORD_CHAR.test(folded[at - 1])) return true;
  }
  return false;
}
