// parseArgs (strict) refuses an option's value that starts with a dash ("--shift -2d", "--lat -33.87": "argument is
// ambiguous"), yet a negative number or offset is what people type there. Such a value is joined to its option
// ("--shift=-2d") before parsing; a dash followed by a letter stays an option.

/** `args` with every `--name -<digit>...` of a string-valued option written as `--name=-<digit>...`. */
export function joinNegativeValues(args: readonly string[], options: Record<string, { type: string; short?: string }>): string[] {
  const takesValue = new Set<string>();
  for (const [name, o] of Object.entries(options)) {
    if (o.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (o.short) takesValue.add(`-${o.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const next = args[i + 1];
    if (takesValue.has(args[i]) && next !== undefined && /^[-−]\d/.test(next)) {
      out.push(args[i].startsWith('--') ? `${args[i]}=${next}` : `${args[i]}${next}`);
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}
