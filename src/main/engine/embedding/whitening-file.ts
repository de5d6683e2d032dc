// Compact on-disk form of a Whitening: "LPWH" magic, u32 (LE) byte length of a UTF-8 JSON header,
// the header, zero padding to a multiple of 4, then the float32 (LE) arrays the header lists, in order.
// About 2 MB for the default (256 + 256 output dims), loadable without any parsing of numbers as text.
import { BRANCHES, type Branch } from './features.js';
import type { BranchWhitening, Whitening, WhiteningSource } from './whitening.js';

const MAGIC = 'LPWH';
export const WHITENING_FILE_VERSION = 1;

interface HeaderBranch {
  dim: number;
  outDim: number;
  shrink: number;
  sampleCount: number;
  meanEigenvalue: number;
}

interface Header {
  version: number;
  source: WhiteningSource;
  fittedAt: string;
  sampleCount: number;
  /** free text: what the fit saw (e.g. the default's photo folders) */
  note?: string;
  branches: Record<Branch, HeaderBranch>;
  /** float32 arrays after the header, in this order: per branch mean, projection, eigenvalues */
  arrays: { branch: Branch; name: 'mean' | 'projection' | 'eigenvalues'; length: number }[];
}

export function serialiseWhitening(w: Whitening, note?: string): Buffer {
  const arrays: Header['arrays'] = [];
  const chunks: Float32Array[] = [];
  const branches = {} as Record<Branch, HeaderBranch>;
  for (const b of BRANCHES) {
    const bw = w.branches[b];
    branches[b] = { dim: bw.dim, outDim: bw.outDim, shrink: bw.shrink, sampleCount: bw.sampleCount, meanEigenvalue: bw.meanEigenvalue };
    for (const name of ['mean', 'projection', 'eigenvalues'] as const) {
      arrays.push({ branch: b, name, length: bw[name].length });
      chunks.push(bw[name]);
    }
  }
  const header: Header = { version: WHITENING_FILE_VERSION, source: w.source, fittedAt: w.fittedAt, sampleCount: w.sampleCount, note, branches, arrays };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align4(8 + json.length);
  const total = start + chunks.reduce((s, c) => s + c.length * 4, 0);
  const buf = Buffer.alloc(total);
  buf.write(MAGIC, 0, 'ascii');
  buf.writeUInt32LE(json.length, 4);
  json.copy(buf, 8);
  let off = start;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) buf.writeFloatLE(c[i], off + i * 4);
    off += c.length * 4;
  }
  return buf;
}

/** Branch names files written by earlier versions use (a library's own fit keeps its file across an upgrade). */
const FORMER_BRANCH_NAMES: Readonly<Record<string, Branch>> = { nsfw: 'mobilenet' };

export function parseWhitening(buf: Buffer): Whitening & { note?: string } {
  if (buf.length < 8 || buf.toString('ascii', 0, 4) !== MAGIC) throw new Error('not a Loupe whitening file');
  const len = buf.readUInt32LE(4);
  if (8 + len > buf.length) throw new Error('whitening file truncated (header)');
  const header = JSON.parse(buf.toString('utf8', 8, 8 + len)) as Header;
  const current = (name: string): Branch => FORMER_BRANCH_NAMES[name] ?? (name as Branch);
  header.branches = Object.fromEntries(Object.entries(header.branches).map(([name, h]) => [current(name), h])) as Header['branches'];
  if (header.version !== WHITENING_FILE_VERSION) throw new Error(`whitening file version ${header.version}, expected ${WHITENING_FILE_VERSION}`);
  let off = align4(8 + len);
  const branches = {} as Record<Branch, BranchWhitening>;
  const got = new Map<string, Float32Array>();
  for (const a of header.arrays) {
    if (off + a.length * 4 > buf.length) throw new Error('whitening file truncated (data)');
    const arr = new Float32Array(a.length);
    for (let i = 0; i < a.length; i++) arr[i] = buf.readFloatLE(off + i * 4);
    got.set(`${current(a.branch)}.${a.name}`, arr);
    off += a.length * 4;
  }
  for (const b of BRANCHES) {
    const h = header.branches[b];
    if (!h) throw new Error(`whitening file lacks branch ${b}`);
    const mean = got.get(`${b}.mean`);
    const projection = got.get(`${b}.projection`);
    const eigenvalues = got.get(`${b}.eigenvalues`);
    if (!mean || !projection || !eigenvalues) throw new Error(`whitening file lacks arrays of branch ${b}`);
    if (mean.length !== h.dim || projection.length !== h.dim * h.outDim || eigenvalues.length !== h.outDim) {
      throw new Error(`whitening file: branch ${b} array sizes do not match ${h.outDim}x${h.dim}`);
    }
    branches[b] = { ...h, mean, projection, eigenvalues };
  }
  return { source: header.source, fittedAt: header.fittedAt, sampleCount: header.sampleCount, note: header.note, branches };
}

const align4 = (n: number): number => (n + 3) & ~3;
