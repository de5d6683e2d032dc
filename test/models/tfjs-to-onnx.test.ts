// The converter on a small hand-written TF.js graph that exercises the ops and attributes the two
// bundled graphs do not (asymmetric SAME padding at odd sizes, Pad, Prelu, max/avg pooling with SAME,
// nearest and half-pixel bilinear resizing, per-channel constants, MatMul with transpose_b), run by
// TF.js itself and by onnxruntime on the same random batch.
// The reference runs on TF.js's CPU backend: its WASM backend adds the bias of a _FusedMatMul with
// transpose_b along the wrong axis (tfjs-backend-wasm 4.22: fused.matMul({ a, b, transposeB: true, bias })
// disagrees with the CPU backend and with matMul + add), which is not what the TF graph means.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadTfjsGraphFromFiles, type TfNode } from '../../scripts/models/tfjs-graph.js';
import { convertTfjsToOnnx } from '../../scripts/models/tfjs-to-onnx.js';
import { makeTempDir } from '../helpers/fixtures.js';
import { loadTfjsReference, maxAbsDiff, runTfjs, tfReady } from './model-helpers.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const ints = (xs: number[]) => ({ list: { i: xs.map(String) } });

/** Writes a TF.js graph model (model.json + one shard), constants filled from a seeded generator. */
class TinyGraph {
  readonly nodes: TfNode[] = [];
  private readonly weights: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[] = [];
  private readonly chunks: Buffer[] = [];
  private seed = 12345;

  private random(): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2 ** 31;
    return this.seed / 2 ** 31;
  }

  const(name: string, shape: number[], values?: number[], dtype: 'float32' | 'int32' = 'float32'): string {
    const count = shape.reduce((a, b) => a * b, 1);
    const data = values ?? Array.from({ length: count }, () => this.random() - 0.5);
    this.chunks.push(Buffer.from((dtype === 'float32' ? Float32Array.from(data) : Int32Array.from(data)).buffer));
    this.weights.push({ name, shape, dtype });
    this.nodes.push({
      name, op: 'Const',
      attr: { value: { tensor: { dtype: dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32', tensorShape: { dim: shape.map((s) => ({ size: String(s) })) } } }, dtype: { type: dtype === 'float32' ? 'DT_FLOAT' : 'DT_INT32' } },
    });
    return name;
  }

  op(name: string, op: string, input: string[], attr: TfNode['attr'] = {}): string {
    this.nodes.push({ name, op, input, attr: { T: { type: 'DT_FLOAT' }, ...attr } });
    return name;
  }

  write(dir: string): string {
    fs.writeFileSync(path.join(dir, 'w.bin'), Buffer.concat(this.chunks));
    const modelJson = {
      format: 'graph-model',
      modelTopology: { node: this.nodes, versions: {} },
      weightsManifest: [{ paths: ['w.bin'], weights: this.weights }],
    };
    const file = path.join(dir, 'model.json');
    fs.writeFileSync(file, JSON.stringify(modelJson));
    return file;
  }
}

function buildGraph(): TinyGraph {
  const g = new TinyGraph();
  const conv = (strides: number[], padding: string, fused?: string[]) => ({
    strides: ints(strides), padding: { s: b64(padding) }, data_format: { s: b64('NHWC') }, dilations: ints([1, 1, 1, 1]),
    ...(fused ? { fused_ops: { list: { s: fused.map(b64) } }, num_args: { i: fused.includes('Prelu') ? '2' : '1' } } : {}),
  });
  g.nodes.push({ name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [-1, 9, 11, 3].map((s) => ({ size: String(s) })) } } } });
  g.op('pad', 'Pad', ['x', g.const('pad/p', [4, 2], [0, 0, 1, 2, 0, 1, 0, 0], 'int32')]); // -> 12x12
  g.op('c1', '_FusedConv2D', ['pad', g.const('c1/w', [3, 3, 3, 8]), g.const('c1/b', [8]), g.const('c1/alpha', [8])], conv([1, 1, 1, 1], 'SAME', ['BiasAdd', 'Prelu']));
  g.op('d1', 'FusedDepthwiseConv2dNative', ['c1', g.const('d1/w', [3, 3, 8, 2]), g.const('d1/b', [16])], conv([1, 2, 2, 1], 'SAME', ['BiasAdd', 'Relu6'])); // 6x6x16
  g.op('odd', 'Conv2D', ['x', g.const('odd/w', [3, 3, 3, 4])], conv([1, 2, 2, 1], 'SAME')); // 9x11 -> 5x6: the extra pixel goes at the end
  g.op('m1', 'MaxPool', ['c1'], { ksize: ints([1, 3, 3, 1]), strides: ints([1, 2, 2, 1]), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } });
  g.op('a1', 'AvgPool', ['odd'], { ksize: ints([1, 3, 3, 1]), strides: ints([1, 2, 2, 1]), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') } });
  g.op('r1', 'ResizeNearestNeighbor', ['m1', g.const('r1/size', [2], [12, 12], 'int32')], { align_corners: { b: false }, half_pixel_centers: { b: false } });
  g.op('r2', 'ResizeBilinear', ['d1', g.const('r2/size', [2], [12, 12], 'int32')], { align_corners: { b: false }, half_pixel_centers: { b: true } });
  g.op('cat', 'ConcatV2', ['r1', 'r2', 'c1', g.const('cat/axis', [], [-1], 'int32')], { N: { i: '3' } }); // 32 channels
  g.op('mx', 'Maximum', ['cat', g.const('mx/y', [], [-0.1])]);
  g.op('mn', 'Minimum', ['mx', g.const('mn/y', [32])]);
  g.op('dv', 'RealDiv', ['mn', g.const('dv/y', [], [0.7])]);
  g.op('th', 'Tanh', ['dv']);
  g.op('c2', 'Conv2D', ['th', g.const('c2/w', [1, 1, 32, 4])], conv([1, 1, 1, 1], 'VALID'));
  g.op('mean', 'Mean', ['c2', g.const('mean/axes', [2], [1, 2], 'int32')], { keep_dims: { b: false } });
  g.op('mm', '_FusedMatMul', ['mean', g.const('mm/w', [5, 4]), g.const('mm/b', [5])], { transpose_a: { b: false }, transpose_b: { b: true }, fused_ops: { list: { s: [b64('BiasAdd')] } }, num_args: { i: '1' } });
  g.op('probs', 'Softmax', ['mm']);
  return g;
}

let tmp: ReturnType<typeof makeTempDir>;

beforeAll(async () => {
  tmp = makeTempDir('loupe-convert-');
  await tfReady('cpu');
});

afterAll(() => tmp?.cleanup());

describe('tfjs-to-onnx converter', () => {
  test('computes what TF.js computes, op by op, with NHWC outputs and an appended average pool', async () => {
    const graph = loadTfjsGraphFromFiles(buildGraph().write(tmp.dir));
    const result = convertTfjsToOnnx(graph, {
      graphName: 'tiny', inputName: 'input', inputDims: ['N', 9, 11, 3], nominalInputShape: [1, 9, 11, 3],
      outputs: [
        { name: 'probs', tensor: 'probs' },
        { name: 'concat_gap', tensor: 'cat', reduce: 'gap' },
        { name: 'depthwise', tensor: 'd1' },
        { name: 'avg', tensor: 'a1' },
      ],
    });
    // Layout changes only at the boundary: one after the input, one per 4-D output left in NHWC.
    expect(Object.fromEntries(result.onnxOps).Transpose).toBe(3);
    expect(result.outputDims).toEqual({ probs: ['N', 5], concat_gap: ['N', 32], depthwise: ['N', 6, 6, 16], avg: ['N', 3, 3, 4] });

    const session = await ort.InferenceSession.create(Buffer.from(result.bytes));
    const dims = [2, 9, 11, 3];
    const data = Float32Array.from({ length: 2 * 9 * 11 * 3 }, (_, i) => Math.sin(i * 0.37) * 2);
    const out = await session.run({ input: new ort.Tensor('float32', data, dims) });
    await session.release();
    const ref = await runTfjs(await loadTfjsReference(graph), data, dims, ['probs', 'gap:cat', 'd1', 'a1']);
    (['probs', 'concat_gap', 'depthwise', 'avg'] as const).forEach((name, i) => {
      const { diff, scale } = maxAbsDiff(out[name].data as Float32Array, ref[i]);
      expect(scale, name).toBeGreaterThan(0);
      expect(diff, name).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
    });
  });

  test('Cast (truncating toward zero, as TF), Unpack of a batch of one and ExpandDims compute what TF.js computes', async () => {
    // MoveNet's input path: an image cast to float, unstacked and stacked again; then float -> int32 -> float, which
    // truncates toward zero (not floor: the negative inputs tell them apart), and an int32 constant cast to float
    const g = new TinyGraph();
    const type = (t: string) => ({ type: t });
    g.nodes.push({ name: 'x', op: 'Placeholder', attr: { dtype: type('DT_FLOAT'), shape: { shape: { dim: [1, 4, 5, 3].map((s) => ({ size: String(s) })) } } } });
    g.op('c0', 'Cast', ['x'], { SrcT: type('DT_INT32'), DstT: type('DT_FLOAT') });
    g.op('u', 'Unpack', ['c0'], { num: { i: '1' }, axis: { i: '0' } });
    g.op('e', 'ExpandDims', ['u', g.const('e/dim', [], [0], 'int32')], { Tdim: type('DT_INT32') });
    g.op('m', 'Mul', ['e', g.const('m/y', [], [3.7])]);
    g.op('i', 'Cast', ['m'], { SrcT: type('DT_FLOAT'), DstT: type('DT_INT32') });
    g.op('f', 'Cast', ['i'], { SrcT: type('DT_INT32'), DstT: type('DT_FLOAT') });
    g.op('k', 'Cast', [g.const('k/int', [3], [2, -3, 5], 'int32')], { SrcT: type('DT_INT32'), DstT: type('DT_FLOAT') });
    g.op('out', 'AddV2', ['f', 'k']);
    g.op('conv', 'Conv2D', ['out', g.const('conv/w', [3, 3, 3, 2])], {
      strides: ints([1, 1, 1, 1]), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, dilations: ints([1, 1, 1, 1]),
    });
    const graph = loadTfjsGraphFromFiles(g.write(tmp.dir));
    const result = convertTfjsToOnnx(graph, {
      graphName: 'cast', inputName: 'input', inputDims: [1, 4, 5, 3], nominalInputShape: [1, 4, 5, 3],
      outputs: [{ name: 'out', tensor: 'out' }, { name: 'conv', tensor: 'conv' }],
    });
    expect(result.outputDims).toEqual({ out: ['N', 4, 5, 3], conv: ['N', 4, 5, 2] });
    const session = await ort.InferenceSession.create(Buffer.from(result.bytes));
    const dims = [1, 4, 5, 3];
    const data = Float32Array.from({ length: 60 }, (_, i) => Math.sin(i * 0.37) * 2);
    const out = await session.run({ input: new ort.Tensor('float32', data, dims) });
    await session.release();
    const ref = await runTfjs(await loadTfjsReference(graph), data, dims, ['out', 'conv']);
    expect([...(out.out.data as Float32Array)]).toEqual([...ref[0]]);
    // truncation toward zero, spelled out on the first negative non-integer product
    const neg = data.findIndex((v) => v * 3.7 < -1 && !Number.isInteger(v * 3.7));
    expect((out.out.data as Float32Array)[neg]).toBe(Math.trunc(Math.fround(Math.fround(data[neg]) * Math.fround(3.7))) + [2, -3, 5][neg % 3]);
    const { diff, scale } = maxAbsDiff(out.conv.data as Float32Array, ref[1]);
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThanOrEqual(1e-5 * Math.max(1, scale));
  });

  test('refuses an op it does not know, naming it', () => {
    const g = new TinyGraph();
    g.nodes.push({ name: 'x', op: 'Placeholder', attr: { shape: { shape: { dim: [1, 4, 4, 3].map((s) => ({ size: String(s) })) } } } });
    g.op('y', 'Erf', ['x']);
    const graph = loadTfjsGraphFromFiles(g.write(tmp.dir));
    expect(() => convertTfjsToOnnx(graph, {
      graphName: 't', inputName: 'input', inputDims: [1, 4, 4, 3], nominalInputShape: [1, 4, 4, 3], outputs: [{ name: 'y', tensor: 'y' }],
    })).toThrow(/unsupported TF op Erf/);
  });
});
