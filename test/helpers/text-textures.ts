// A texture the text detector's quick look takes for text, with nothing to read (made here, no fixture file):
// rows of wavy lines, 1280 x 960, like handwriting seen from afar or ripples (a cloud pattern or a patterned
// shirt does the same in real photos). Used by the text runner's and the text stage's tests.
export function wavyLinesSvg(): Buffer {
  const rows = Array.from({ length: 12 }, (_, i) =>
    `<path d='M100 ${200 + i * 40} q 25 -15 50 0 ${'t 50 0 '.repeat(11)}' stroke='#333' stroke-width='5' fill='none'/>`).join('');
  return Buffer.from(`<svg xmlns='http://www.w3.org/2000/svg' width='1280' height='960'><rect width='100%' height='100%' fill='#dfe6ee'/>${rows}</svg>`);
}
