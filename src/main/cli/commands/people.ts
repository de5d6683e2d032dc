import path from 'node:path';
import type { CliContext, Command } from '../cli-context.js';
import { UsageError } from '../cli-context.js';
import { evaluatePeople } from '../../engine/faces/evaluate-people.js';
import { runWithProgress } from '../job-progress.js';
import type { Box } from '../../engine/faces/face-repository.js';
import { photoIdOf } from '../photo-id.js';

export const facesCommand: Command = {
  name: 'faces',
  summary: 'show the faces on a photo and who they are (boxes in pixels of the photo as displayed)',
  usage: 'loupe faces <image> [--json]',
  async run(ctx, positionals) {
    if (positionals.length !== 1) throw new UsageError('faces takes exactly one image path');
    const r = await ctx.reader().people.facesOf(positionals[0]);
    if (ctx.json) {
      ctx.io.out(JSON.stringify({
        path: r.path,
        // the face's id too: what `people not|assign|split|remove-face` take, found here from the photo itself
        faces: r.faces.map((f) => ({ id: f.id, box: f.box, person: f.person, name: f.name, confidence: f.confidence })),
      }));
      return 0;
    }
    if (r.faces.length === 0) ctx.io.out(`${r.path}: no faces`);
    for (const f of r.faces) {
      const who = f.person === null ? (f.quality === 'ok' ? 'unknown' : `unknown (${f.quality})`) : `${f.name ?? `person ${f.person}`}${f.confidence !== null ? ` ${Math.round(f.confidence * 100)}%` : ''}`;
      ctx.io.out(`${f.id === null ? '' : `face ${f.id}  `}${f.box.join(',')}  ${who}`);
    }
    return 0;
  },
};

function id(value: string | undefined, what: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1) throw new UsageError(`${what} must be a positive whole number, got '${value ?? ''}'`);
  return n;
}

function parseBox(value: unknown): Box {
  const parts = String(value ?? '').split(',').map(Number);
  if (parts.length !== 4 || parts.some((v) => !Number.isFinite(v))) throw new UsageError('--box takes x,y,w,h in pixels of the photo as displayed');
  return parts as Box;
}

function listPeople(ctx: CliContext, all: boolean): number {
  // The JSON lists hidden people too, marked: its contract puts every detected face in exactly one of its two lists
  // (trial 11). The text leaves them out unless --all, as the People screen does.
  const listing = ctx.reader().people.people.list({ includeHidden: all || ctx.json });
  if (ctx.json) {
    ctx.io.out(JSON.stringify({
      people: listing.people.map((p) => ({ id: p.id, name: p.name, count: p.count, ...(p.hidden && { hidden: true }), faces: p.faces.map((f) => ({ id: f.id, path: f.path, box: f.box })) })),
      unassigned: listing.unassigned.map((f) => ({ id: f.id, path: f.path, box: f.box })),
    }));
    return 0;
  }
  if (listing.people.length === 0) ctx.io.out('No people yet (faces are grouped once a person appears in 3 photos).');
  for (const p of listing.people) ctx.io.out(`${String(p.id).padStart(5)}  ${p.name ?? '(unnamed)'}  ${p.count} photo${p.count === 1 ? '' : 's'}${p.hidden ? '  (hidden)' : ''}`);
  if (listing.unassigned.length > 0) {
    ctx.io.out(`${listing.unassigned.length} face(s) not grouped with anyone: name one with \`loupe people name-face <face-id> <name>\` `
      + '(face ids in `loupe faces <photo>` or `loupe people --json`).');
  }
  return 0;
}

export const peopleCommand: Command = {
  name: 'people',
  summary: 'list the people found in the library; name, merge, split, hide them; fix faces',
  usage: 'loupe people [--all] [--json] | people name <id> <name> | people merge <id> <id> | people split <id> --faces <face-id>... | '
    + 'people hide|unhide <id> | people not <face-id> | people assign <face-id> <id> | people suggestions | '
    + 'people add-face <image> --box x,y,w,h [--person id] | people remove-face <face-id> | people name-face <face-id> <name>',
  options: { faces: { type: 'string' }, box: { type: 'string' }, person: { type: 'string' }, all: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const [sub, ...args] = positionals;
    const people = () => ctx.engine().people.people;
    const done = (result: Record<string, unknown>) => {
      ctx.io.out(ctx.json ? JSON.stringify({ ok: true, ...result }) : 'Done.');
      return 0;
    };
    switch (sub) {
      case undefined:
        return listPeople(ctx, Boolean(values.all));
      case 'name': {
        if (args.length < 2) throw new UsageError('people name takes a person id and a name');
        const person = id(args[0], 'the person id');
        people().name(person, args.slice(1).join(' '));
        return done({ id: person, name: args.slice(1).join(' ').normalize('NFC').trim() });
      }
      case 'merge': {
        if (args.length !== 2) throw new UsageError('people merge takes two person ids (the second is merged into the first)');
        const into = id(args[0], 'the person id');
        people().merge(into, id(args[1], 'the person id'));
        return done({ id: into });
      }
      case 'split': {
        if (values.faces === undefined) throw new UsageError('people split needs --faces <face-id>...');
        const person = id(args[0], 'the person id');
        // `--faces 3 4 5` gives "3" to --faces and the rest as positionals; "3,4,5" works too
        const faceIds = [String(values.faces), ...args.slice(1)].flatMap((v) => v.split(',')).filter(Boolean).map((v) => id(v, 'a face id'));
        const created = people().split(person, faceIds);
        return done({ id: created, faces: faceIds });
      }
      case 'hide':
      case 'unhide': {
        const person = id(args[0], 'the person id');
        people().hide(person, sub === 'hide');
        return done({ id: person, hidden: sub === 'hide' });
      }
      case 'not': {
        const face = id(args[0], 'the face id');
        people().reject(face, args[1] === undefined ? undefined : id(args[1], 'the person id'));
        return done({ face });
      }
      case 'assign': {
        const face = id(args[0], 'the face id');
        const person = id(args[1], 'the person id');
        people().assign(face, person);
        return done({ face, person });
      }
      case 'suggestions': {
        const list = ctx.reader().people.people.suggestions();
        if (ctx.json) ctx.io.out(JSON.stringify({ suggestions: list.map(({ fileId: _fileId, ...s }) => s) }));
        else if (list.length === 0) ctx.io.out('No suggestions.');
        else for (const s of list) ctx.io.out(`face ${s.faceId} in ${s.path} may be ${s.name} (${Math.round(s.confidence * 100)}%): loupe people assign ${s.faceId} ${s.person}`);
        return 0;
      }
      case 'add-face': {
        if (args.length !== 1) throw new UsageError('people add-face takes one image path and --box x,y,w,h');
        const face = await people().addFace(photoIdOf(ctx.engine(), args[0]), parseBox(values.box), values.person === undefined ? undefined : id(String(values.person), 'the person id'));
        return done({ face });
      }
      case 'remove-face': {
        const face = id(args[0], 'the face id');
        people().removeFace(face);
        return done({ face });
      }
      case 'name-face': {
        // a face grouping left alone (under "unassigned"): into the person of that name, or a new one
        if (args.length < 2) throw new UsageError('people name-face takes a face id and a name');
        const face = id(args[0], 'the face id');
        const person = people().nameFace(face, args.slice(1).join(' '));
        return done({ face, person, name: args.slice(1).join(' ').normalize('NFC').trim() });
      }
      default:
        throw new UsageError(`unknown people command '${sub}'`);
    }
  },
};

export async function evalPeopleCommand(ctx: CliContext, folder: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  if (typeof values.truth !== 'string') throw new UsageError('eval people needs --truth FILE (a ground truth like faces-dev\'s ground-truth.json)');
  const report = await runWithProgress(ctx, 'eval', (job) =>
    evaluatePeople(folder, path.resolve(values.truth as string), { job, warn: () => {}, provider: ctx.provider }));
  if (ctx.json) {
    ctx.io.out(JSON.stringify(report));
    return 0;
  }
  ctx.io.out(`People over ${report.images} images:`);
  ctx.io.out(`  labelled faces found  ${report.foundFaces}/${report.labelledFaces} (${(report.detectionRecall * 100).toFixed(1)}%)`);
  ctx.io.out(`  BCubed precision      ${report.bcubedPrecision.toFixed(4)}`);
  ctx.io.out(`  BCubed recall         ${report.bcubedRecall.toFixed(4)}`);
  ctx.io.out(`  people ${report.people}, faces not grouped ${report.unassigned}`);
  return 0;
}
