// The command line as people type it: global options before or after the command, help for every command,
// and help that fits an 80-column terminal. In-process (main() with a captured io) except where noted.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, splitCommandLine } from '../../../src/main/cli/main.js';
import { HELP_WIDTH, wrap } from '../../../src/main/cli/help.js';
import { makeTempDir } from '../../helpers/fixtures.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), isTty: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Terminal columns of a line: CJK characters take two. */
const columns = (line: string): number => [...line].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
const fits = (text: string): void => {
  for (const line of text.split('\n')) expect(columns(line), line).toBeLessThanOrEqual(HELP_WIDTH);
};

describe('loupe help', () => {
  it('lists every command and the global options within 80 columns', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const name of ['add', 'index', 'status', 'similar', 'duplicates', 'trash', 'eval', 'serve']) expect(r.out).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(r.out).toContain('--home DIR');
    fits(r.out);
    expect((await run('help')).out).toBe(r.out);
  });

  it('gives each command its own help, by `help <command>` or `<command> --help`, within 80 columns', async () => {
    const viaHelp = await run('help', 'eval');
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.out).toMatch(/^Usage: loupe eval tags <folder>/);
    expect(viaHelp.out).toMatch(/^ {7}loupe eval retrieval <folder>/m); // the long synopsis wraps at its alternatives
    expect(viaHelp.out).toContain('--threshold');
    fits(viaHelp.out);
    const viaFlag = await run('eval', '--help');
    expect(viaFlag).toEqual(viaHelp);
    expect((await run('-h', 'duplicates')).out).toMatch(/^Usage: loupe duplicates/);
    const unknown = await run('help', 'frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
  });

  it('keeps the synopsis to the command lines and says what an option does beside it (loupe help duplicates)', async () => {
    const { out } = await run('help', 'duplicates');
    const usage = out.split('\n\n')[0].split('\n');
    // every synopsis line is a command line: no option's description ran into it (the stranger trial 9)
    for (const line of usage) expect(line).toMatch(/^(Usage: | {7})loupe duplicates /);
    expect(out).toMatch(/^ {2}--keep PATH +keep this copy of its group instead of the suggested one/m);
    expect(out).toMatch(/^ {2}--resolve-all +show what cleaning up every exact and near group would trash/m);
    fits(out);
  });

  it('writes every alternative of every synopsis as a whole command line, its brackets whole (loupe help place, restore)', async () => {
    const alternativesOf = async (name: string): Promise<string[]> => {
      const synopsis = (await run('help', name)).out.split('\n\n')[0].split('\n');
      // an alternative starts at the margin; its wrapped continuation is indented two more
      const alternatives: string[] = [];
      for (const line of synopsis) {
        if (/^(Usage: | {7})\S/.test(line)) alternatives.push(line.slice(7));
        else alternatives[alternatives.length - 1] += ` ${line.trim()}`;
      }
      return alternatives;
    };
    const names = [...(await run('--help')).out.matchAll(/^ {2}([a-z]+) /gm)].map((x) => x[1]);
    expect(names).toEqual(expect.arrayContaining(['place', 'restore', 'album', 'tag', 'people', 'learn']));
    for (const name of names) {
      for (const alt of await alternativesOf(name)) {
        expect(alt, `loupe help ${name}`).toMatch(new RegExp(`^loupe ${name}( |$)`));
        expect(alt.split('[').length, alt).toBe(alt.split(']').length);
      }
    }
    expect(await alternativesOf('place')).toEqual(['loupe place <image> [--set "City[, Country]" | --lat DEG --lon DEG | --clear] [--json]']);
    expect(await alternativesOf('restore')).toEqual(['loupe restore <path>...', 'loupe restore --last [--json]']);
  });

  it('wraps words with a hanging indent and never splits a word', () => {
    const lines = wrap('one two three four five six seven eight nine ten', 20, 4);
    expect(lines).toEqual(['one two three four', '    five six seven', '    eight nine ten']);
    expect(wrap('a-very-long-word-that-does-not-fit', 10)).toEqual(['a-very-long-word-that-does-not-fit']);
  });
});

describe('global options before or after the command', () => {
  const tmp = makeTempDir();
  afterAll(() => tmp.cleanup());

  it('splits the command line at the command name', () => {
    expect(splitCommandLine(['--home', '/h', '--json', 'status'])).toEqual({ name: 'status', args: ['--home', '/h', '--json'] });
    expect(splitCommandLine(['--home=/h', 'similar', 'x.jpg', '-k', '3'])).toEqual({ name: 'similar', args: ['--home=/h', 'x.jpg', '-k', '3'] });
    expect(splitCommandLine(['status', '--home', '/h'])).toEqual({ name: 'status', args: ['--home', '/h'] });
    expect(splitCommandLine(['--level', 'near', 'duplicates'])).toMatchObject({ error: expect.stringContaining("unknown option '--level'") });
    expect(splitCommandLine(['--home'])).toMatchObject({ error: expect.stringContaining('needs a value') });
  });

  it('`loupe --home DIR --json status` and `loupe status --home DIR --json` do the same', async () => {
    const home = path.join(tmp.dir, 'home');
    const before = await run('--home', home, '--json', 'status');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toMatchObject({ folders: [], files: 0 });
    const after = await run('status', '--home', home, '--json');
    expect(after).toEqual(before);
    const bad = await run('--provider', 'tpu', 'status', '--home', home);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--provider must be one of auto, cpu/);
  });

  it('a global option before the command reaches commands that read their own arguments, and `help <command>`', async () => {
    const home = path.join(tmp.dir, 'home-before');
    // learn splits its --add/--not lists itself: the value of --home before the command is not its tag
    const before = await run('--home', home, 'learn', '--list', '--json');
    expect(before.err).toBe('');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toEqual({ tags: [] });
    expect(await run('learn', '--list', '--json', '--home', home)).toEqual(before);
    // the help topic is the command named, not the value of --home
    const help = await run('help', 'people');
    expect(help.code).toBe(0);
    expect(await run('--home', home, 'help', 'people')).toEqual(help);
    expect(await run('help', '--home', home, 'people')).toEqual(help);
  });
});
