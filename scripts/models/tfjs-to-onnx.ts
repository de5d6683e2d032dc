// Converts a TF.js graph model (see tfjs-graph.ts) to an ONNX opset-13 model.
//
// Layout: TF graphs are channels-last (NHWC); ONNX Conv/Pool/Resize are channels-first (NCHW). The
// converter keeps the model's INPUT channels-last (callers feed the same [N,H,W,3] float32 tensor the
// TF.js model takes), transposes once after the input, runs every 4-D activation in NCHW, and
// transposes back only where a tensor leaves the graph (or meets an op that needs TF order). Each
// value therefore carries its TF logical shape plus the physical layout it is stored in.
//
// Only the part of the graph that the requested outputs depend on is converted, so in-graph
// post-processing (e.g. centernet's TopK decoding, written for batch 1 at 512 px) can be left out and
// done by the caller. An output may be a named TF tensor as is, or its global average pool (mean over
// H and W), which turns an intermediate feature map into an embedding vector inside the model.
//
// Supported TF ops (exactly what the bundled graphs need, plus a few trivial neighbours):
//   Placeholder, Const, Identity, Conv2D, DepthwiseConv2dNative, _FusedConv2D,
//   FusedDepthwiseConv2dNative (fused BiasAdd + Relu/Relu6/Prelu/LeakyRelu/Elu/Sigmoid),
//   _FusedMatMul/MatMul, Add, AddV2, Sub, Mul, RealDiv, Maximum, Minimum, Relu, Relu6, Sigmoid, Tanh,
//   Mean, AvgPool, MaxPool, Squeeze, ConcatV2, Pad, ResizeBilinear, ResizeNearestNeighbor, Softmax,
//   and for the face models Abs, Square, Rsqrt, Sum, DepthToSpace; for MoveNet's input (an int32 image
//   unstacked and restacked as a batch of one) Cast, Unpack (one output) and ExpandDims.
import { OnnxGraphBuilder, type Dim, type ElemType } from './onnx-builder.js';
import {
  attrBool, attrFloat, attrIntList, attrString, attrStringList,
  type TfGraph, type TfNode, type TfWeight,
} from './tfjs-graph.js';

export interface OnnxOutputSpec {
  /** name of the ONNX graph output */
  name: string;
  /** TF tensor (node name) it comes from */
  tensor: string;
  /** 'gap': mean over H and W of a 4-D tensor, giving [N, C] */
  reduce?: 'gap';
}

export interface ConvertOptions {
  /** name of the ONNX input */
  inputName: string;
  /** declared NHWC input dims; strings are symbolic (e.g. ['N', 'H', 'W', 3]) */
  inputDims: Dim[];
  /** a concrete NHWC input shape the graph was built for, used to infer static shapes (resize factors, output dims) */
  nominalInputShape: [number, number, number, number];
  outputs: OnnxOutputSpec[];
  graphName: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export interface ConvertResult {
  bytes: Uint8Array;
  /** TF ops converted (after pruning to what the outputs need) */
  tfOpsConverted: [string, number][];
  /** ONNX ops emitted */
  onnxOps: [string, number][];
  /** declared output dims */
  outputDims: Record<string, Dim[]>;
}

type Layout = 'tf' | 'nchw';

interface Val {
  /** ONNX name of the tensor in its current layout; absent for constants not emitted yet */
  name?: string;
  layout: Layout;
  /** logical TF shape at the nominal input size */
  shape: number[];
  dtype: ElemType;
  konst?: TfWeight;
  /** TF node name of a constant (its ONNX initializer name once emitted) */
  constName?: string;
  /** memoised conversions */
  nchwName?: string;
  tfName?: string;
}

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];
/** where TF axis a of a 4-D NHWC tensor lives in NCHW */
const TF_AXIS_IN_NCHW = [0, 2, 3, 1];

export function convertTfjsToOnnx(graph: TfGraph, opts: ConvertOptions): ConvertResult {
  return new Converter(graph, opts).run();
}

class Converter {
  private readonly b = new OnnxGraphBuilder();
  private readonly byName = new Map<string, TfNode>();
  private readonly vals = new Map<string, Val>();
  private readonly tfOps = new Map<string, number>();
  private readonly dynamicSpatial: boolean;
  private readonly outputNames: Set<string>;

  constructor(private readonly graph: TfGraph, private readonly opts: ConvertOptions) {
    for (const n of graph.nodes) this.byName.set(n.name, n);
    this.outputNames = new Set(opts.outputs.map((o) => o.name));
    this.dynamicSpatial = typeof opts.inputDims[1] === 'string' || typeof opts.inputDims[2] === 'string';
  }

  run(): ConvertResult {
    for (const name of this.topoOrder(this.opts.outputs.map((o) => o.tensor))) this.convertNode(this.byName.get(name)!);
    const outputDims: Record<string, Dim[]> = {};
    for (const spec of this.opts.outputs) outputDims[spec.name] = this.emitOutput(spec);
    const bytes = this.b.serialize({
      graphName: this.opts.graphName,
      opset: 13,
      producer: 'loupe tfjs-to-onnx',
      docString: this.opts.docString,
      metadata: this.opts.metadata,
    });
    return {
      bytes,
      tfOpsConverted: [...this.tfOps].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
      onnxOps: this.b.census(),
      outputDims,
    };
  }

  /** The ONNX name for TF tensor `tfName`: the TF name itself, unless a graph output is to be called that. */
  private t(tfName: string): string {
    return this.outputNames.has(tfName) ? `${tfName}__tf` : tfName;
  }

  // ---- graph walking -------------------------------------------------------------------------

  /** Post-order DFS from the wanted tensors: every node after its inputs, nothing unneeded. */
  private topoOrder(targets: string[]): string[] {
    const order: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (name: string): void => {
      const s = state.get(name);
      if (s === 'done') return;
      if (s === 'visiting') throw new Error(`cycle at ${name}`);
      const node = this.byName.get(name);
      if (!node) throw new Error(`no node named ${name}`);
      state.set(name, 'visiting');
      for (const input of dataInputs(node)) visit(input);
      state.set(name, 'done');
      order.push(name);
    };
    for (const t of targets) visit(t);
    return order;
  }

  private val(tfInput: string): Val {
    const v = this.vals.get(stripPort(tfInput));
    if (!v) throw new Error(`value ${tfInput} not converted yet`);
    return v;
  }

  private constOf(tfInput: string): TfWeight {
    const v = this.val(tfInput);
    if (!v.konst) throw new Error(`${tfInput} must be a constant`);
    return v.konst;
  }

  // ---- layout helpers ------------------------------------------------------------------------

  /** The ONNX name of v in TF (logical) order. */
  private asTf(v: Val): string {
    if (v.layout === 'tf') {
      if (v.name) return v.name;
      if (!v.konst) throw new Error('value without name');
      v.name = this.emitConst(v.constName ?? this.b.uniqueName('const'), v.konst, v.konst.shape, v.konst.data);
      return v.name;
    }
    if (!v.tfName) {
      v.tfName = this.b.node('Transpose', [v.name!], this.b.uniqueName(`${v.name}__nhwc`), { perm: NCHW_TO_NHWC });
    }
    return v.tfName;
  }

  /** The ONNX name of a 4-D v in NCHW order. */
  private asNchw(v: Val, hint: string): string {
    if (v.layout === 'nchw') return v.name!;
    if (v.shape.length !== 4) throw new Error(`${hint}: expected a 4-D tensor, got [${v.shape.join(',')}]`);
    if (v.nchwName) return v.nchwName;
    if (v.konst) {
      const data = transposeData(v.konst.data, v.konst.shape, NHWC_TO_NCHW);
      v.nchwName = this.emitConst(this.b.uniqueName(`${hint}__nchw`), v.konst, permute(v.konst.shape, NHWC_TO_NCHW), data);
    } else {
      v.nchwName = this.b.node('Transpose', [this.asTf(v)], this.b.uniqueName(`${hint}__nchw`), { perm: NHWC_TO_NCHW });
    }
    return v.nchwName;
  }

  private emitConst(name: string, w: TfWeight, dims: number[], data: ArrayLike<number>): string {
    return this.b.initializer(name, w.dtype === 'float32' ? 'float32' : 'int32', dims, data);
  }

  private scalar(value: number): string {
    const name = `scalar_${value}`;
    return this.b.hasName(name) ? name : this.b.initializer(name, 'float32', [], [value]);
  }

  private int64s(values: number[]): string {
    const name = `i64_${values.join('_').replace(/-/g, 'm')}`;
    return this.b.hasName(name) ? name : this.b.initializer(name, 'int64', [values.length], values);
  }

  private floats(values: number[]): string {
    const name = `f32_${values.join('_').replace(/-/g, 'm').replace(/\./g, 'p')}`;
    return this.b.hasName(name) ? name : this.b.initializer(name, 'float32', [values.length], values);
  }

  // ---- per-op conversion ---------------------------------------------------------------------

  private convertNode(node: TfNode): void {
    if (node.op !== 'Const') this.tfOps.set(node.op, (this.tfOps.get(node.op) ?? 0) + 1);
    const ins = dataInputs(node);
    const out = node.name;
    switch (node.op) {
      case 'Const': return this.setConst(node);
      case 'Placeholder': return this.placeholder(node);
      case 'Identity': this.vals.set(out, this.val(ins[0])); return;
      case 'Conv2D': case '_FusedConv2D':
      case 'DepthwiseConv2dNative': case 'FusedDepthwiseConv2dNative':
        return this.conv(node, ins);
      case 'MatMul': case '_FusedMatMul': return this.matmul(node, ins);
      case 'Add': case 'AddV2': return this.binary(node, ins, 'Add');
      case 'Sub': return this.binary(node, ins, 'Sub');
      case 'Mul': return this.binary(node, ins, 'Mul');
      case 'RealDiv': return this.binary(node, ins, 'Div');
      case 'Maximum': return this.binary(node, ins, 'Max');
      case 'Minimum': return this.binary(node, ins, 'Min');
      case 'Relu': return this.unary(node, ins, 'Relu');
      case 'Sigmoid': return this.unary(node, ins, 'Sigmoid');
      case 'Tanh': return this.unary(node, ins, 'Tanh');
      case 'Relu6': return this.unary(node, ins, 'Relu6');
      case 'Abs': return this.unary(node, ins, 'Abs');
      case 'Square': return this.unary(node, ins, 'Square');
      case 'Rsqrt': return this.unary(node, ins, 'Rsqrt');
      case 'Sum': return this.sum(node, ins);
      case 'DepthToSpace': return this.depthToSpace(node);
      case 'Mean': return this.mean(node, ins);
      case 'AvgPool': case 'MaxPool': return this.pool(node, ins);
      case 'Squeeze': return this.squeeze(node, ins);
      case 'ConcatV2': return this.concat(node, ins);
      case 'Pad': return this.pad(node, ins);
      case 'ResizeBilinear': case 'ResizeNearestNeighbor': return this.resize(node, ins);
      case 'Softmax': return this.softmax(node, ins);
      case 'Cast': return this.cast(node, ins);
      case 'Unpack': return this.unpack(node, ins);
      case 'ExpandDims': return this.expandDims(node, ins);
      default:
        throw new Error(`unsupported TF op ${node.op} (node ${node.name})`);
    }
  }

  private setConst(node: TfNode): void {
    let w = this.graph.weights.get(node.name);
    if (!w) {
      const t = node.attr?.value?.tensor;
      const shape = (t?.tensorShape?.dim ?? []).map((d) => Number(d.size));
      if (t?.floatVal) w = { dtype: 'float32', shape, data: Float32Array.from(t.floatVal) };
      else if (t?.intVal) w = { dtype: 'int32', shape, data: Int32Array.from(t.intVal) };
      else throw new Error(`constant ${node.name} has no data`);
    }
    this.vals.set(node.name, { layout: 'tf', shape: w.shape, dtype: w.dtype === 'float32' ? 'float32' : 'int32', konst: w, constName: this.t(node.name) });
  }

  private placeholder(node: TfNode): void {
    const { inputName, inputDims, nominalInputShape } = this.opts;
    if (inputDims.length !== 4 || inputDims[3] !== 3) throw new Error('input must be NHWC with 3 channels');
    this.b.input(inputName, 'float32', inputDims);
    const v: Val = { name: inputName, layout: 'tf', shape: [...nominalInputShape], dtype: 'float32' };
    // Convert at once: the first consumers (convs, or elementwise scaling feeding convs) want NCHW.
    const nchw = this.asNchw(v, node.name);
    this.vals.set(node.name, { name: nchw, layout: 'nchw', shape: v.shape, dtype: 'float32', tfName: inputName });
  }

  private conv(node: TfNode, ins: string[]): void {
    if ((attrString(node, 'data_format') ?? 'NHWC') !== 'NHWC') throw new Error(`${node.name}: only NHWC convs are supported`);
    const x = this.val(ins[0]);
    const filter = this.constOf(ins[1]);
    const depthwise = node.op.includes('Depthwise');
    const [kh, kw, cin, cout] = filter.shape;
    const strides = attrIntList(node, 'strides');
    const dilations = attrIntList(node, 'dilations');
    const stride = [strides[1] ?? 1, strides[2] ?? 1];
    const dilation = [dilations[1] ?? 1, dilations[2] ?? 1];
    const padding = attrString(node, 'padding') ?? 'VALID';

    // TF HWIO -> ONNX OIHW. Depthwise HW(C)(M) -> (C*M)1HW: output channel c*M+m sits in group c, which
    // is the order TF produces its depthwise outputs in.
    const weightName = `${node.name}/W`;
    if (depthwise) {
      const data = transposeData(filter.data, filter.shape, [2, 3, 0, 1]);
      this.emitConst(weightName, filter, [cin * cout, 1, kh, kw], data);
    } else {
      this.emitConst(weightName, filter, [cout, cin, kh, kw], transposeData(filter.data, filter.shape, [3, 2, 0, 1]));
    }
    const channelsOut = depthwise ? cin * cout : cout;

    const fused = attrStringList(node, 'fused_ops');
    const extraArgs = ins.slice(2);
    const inputs = [this.asNchw(x, node.name), weightName];
    let activation = fused.slice();
    if (activation[0] === 'BiasAdd') {
      inputs.push(this.asTf(this.val(extraArgs[0])));
      activation = activation.slice(1);
    } else if (activation.length && activation[0] !== 'BiasAdd') {
      throw new Error(`${node.name}: fused ops ${fused.join('+')} not supported (expected BiasAdd first)`);
    }

    const attrs: Record<string, number | number[] | string> = {
      kernel_shape: [kh, kw],
      strides: stride,
      dilations: dilation,
      group: depthwise ? cin : 1,
    };
    if (padding === 'SAME') attrs.auto_pad = 'SAME_UPPER'; // TF SAME puts the odd pixel at the end, as SAME_UPPER does
    else if (padding === 'VALID') attrs.pads = [0, 0, 0, 0];
    else if (padding === 'EXPLICIT') {
      const p = attrIntList(node, 'explicit_paddings'); // NHWC pairs
      attrs.pads = [p[2], p[4], p[3], p[5]];
    } else throw new Error(`${node.name}: padding ${padding}`);

    const convOut = activation.length ? this.b.uniqueName(`${node.name}/conv`) : this.t(node.name);
    this.b.node('Conv', inputs, convOut, attrs);
    const shape = [x.shape[0], convSize(x.shape[1], kh, stride[0], dilation[0], padding), convSize(x.shape[2], kw, stride[1], dilation[1], padding), channelsOut];
    const outName = this.activation(activation, convOut, node, extraArgs.slice(1), channelsOut);
    this.vals.set(node.name, { name: outName, layout: 'nchw', shape, dtype: 'float32' });
  }

  /** Applies a fused activation to an NCHW (or 2-D) tensor; returns the output name. */
  private activation(ops: string[], input: string, node: TfNode, args: string[], channels: number, rank4 = true): string {
    if (ops.length === 0) return input;
    if (ops.length > 1) throw new Error(`${node.name}: more than one fused activation (${ops.join('+')})`);
    const out = this.t(node.name);
    switch (ops[0]) {
      case 'Relu': return this.b.node('Relu', [input], out);
      case 'Relu6': return this.b.node('Clip', [input, this.scalar(0), this.scalar(6)], out);
      case 'Sigmoid': return this.b.node('Sigmoid', [input], out);
      case 'Elu': return this.b.node('Elu', [input], out);
      case 'LeakyRelu': return this.b.node('LeakyRelu', [input], out, { alpha: { float: attrFloat(node, 'leakyrelu_alpha') ?? 0.2 } });
      case 'Prelu': {
        const alpha = this.constOf(args[0]);
        const dims = rank4 ? [channels, 1, 1] : [channels];
        const name = this.emitConst(`${node.name}/alpha`, alpha, dims, alpha.data);
        return this.b.node('PRelu', [input, name], out);
      }
      default: throw new Error(`${node.name}: fused activation ${ops[0]} not supported`);
    }
  }

  private matmul(node: TfNode, ins: string[]): void {
    const a = this.val(ins[0]);
    const bw = this.val(ins[1]);
    if (a.shape.length !== 2 || bw.shape.length !== 2) throw new Error(`${node.name}: only 2-D MatMul`);
    const transA = attrBool(node, 'transpose_a') ? 1 : 0;
    const transB = attrBool(node, 'transpose_b') ? 1 : 0;
    const fused = attrStringList(node, 'fused_ops');
    const inputs = [this.asTf(a), this.asTf(bw)];
    let activation = fused;
    if (fused[0] === 'BiasAdd') { inputs.push(this.asTf(this.val(ins[2]))); activation = fused.slice(1); }
    const gemmOut = activation.length ? this.b.uniqueName(`${node.name}/gemm`) : this.t(node.name);
    this.b.node('Gemm', inputs, gemmOut, { transA, transB });
    const m = transA ? a.shape[1] : a.shape[0];
    const n = transB ? bw.shape[0] : bw.shape[1];
    const outName = this.activation(activation, gemmOut, node, ins.slice(3), n, false);
    this.vals.set(node.name, { name: outName, layout: 'tf', shape: [m, n], dtype: 'float32' });
  }

  private binary(node: TfNode, ins: string[], onnxOp: string): void {
    const [a, c] = [this.val(ins[0]), this.val(ins[1])];
    const shape = broadcastShapes(a.shape, c.shape, node.name);
    // Run in NCHW when a non-constant 4-D operand already is; constants are re-laid-out to match.
    const nchw = [a, c].some((v) => !v.konst && v.layout === 'nchw' && v.shape.length === 4)
      || ([a, c].some((v) => !v.konst && v.shape.length === 4) && [a, c].every((v) => v.konst || v.shape.length === 4));
    const operand = (v: Val, i: number): string => {
      if (!nchw) return this.asTf(v);
      if (v.konst && v.shape.length < 4) {
        if (v.shape.length === 0) return this.asTf(v);
        const padded = [...Array(4 - v.shape.length).fill(1), ...v.shape];
        const data = transposeData(v.konst.data, padded, NHWC_TO_NCHW);
        return this.emitConst(this.b.uniqueName(`${ins[i]}__nchw`), v.konst, permute(padded, NHWC_TO_NCHW), data);
      }
      if (v.shape.length !== 4) throw new Error(`${node.name}: cannot broadcast a ${v.shape.length}-D tensor against NCHW`);
      return this.asNchw(v, stripPort(ins[i]));
    };
    const name = this.b.node(onnxOp, [operand(a, 0), operand(c, 1)], this.t(node.name));
    this.vals.set(node.name, { name, layout: nchw ? 'nchw' : 'tf', shape, dtype: a.dtype });
  }

  private unary(node: TfNode, ins: string[], op: 'Relu' | 'Relu6' | 'Sigmoid' | 'Tanh' | 'Abs' | 'Square' | 'Rsqrt'): void {
    const x = this.val(ins[0]);
    const input = x.layout === 'nchw' ? x.name! : this.asTf(x);
    let name: string;
    if (op === 'Relu6') name = this.b.node('Clip', [input, this.scalar(0), this.scalar(6)], this.t(node.name));
    else if (op === 'Square') name = this.b.node('Mul', [input, input], this.t(node.name));
    else if (op === 'Rsqrt') name = this.b.node('Reciprocal', [this.b.node('Sqrt', [input], this.b.uniqueName(`${node.name}/sqrt`))], this.t(node.name));
    else name = this.b.node(op, [input], this.t(node.name));
    this.vals.set(node.name, { name, layout: x.layout, shape: x.shape, dtype: x.dtype });
  }

  /** A TF reduction's input, its constant axes (TF order, non-negative, ascending), keep_dims and output shape. */
  private reduction(node: TfNode, ins: string[]): { x: Val; axes: number[]; keep: boolean; shape: number[] } {
    const x = this.val(ins[0]);
    const rank = x.shape.length;
    const axes = Array.from(this.constOf(ins[1]).data, (a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q);
    const keep = attrBool(node, 'keep_dims') ?? false;
    const shape = keep ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    return { x, axes, keep, shape };
  }

  private mean(node: TfNode, ins: string[]): void {
    const { x, axes, keep, shape } = this.reduction(node, ins);
    if (x.layout === 'nchw') {
      const physical = axes.map((a) => TF_AXIS_IN_NCHW[a]).sort((p, q) => p - q);
      const reduced = this.b.node('ReduceMean', [x.name!], keep ? this.t(node.name) : this.b.uniqueName(`${node.name}/keep`), { axes: physical, keepdims: 1 });
      if (keep) { this.vals.set(node.name, { name: reduced, layout: 'nchw', shape, dtype: 'float32' }); return; }
      this.dropReducedAxes(node.name, { name: reduced, layout: 'nchw', shape: x.shape.map((d, i) => (axes.includes(i) ? 1 : d)), dtype: 'float32' }, axes, shape);
      return;
    }
    const name = this.b.node('ReduceMean', [this.asTf(x)], this.t(node.name), { axes, keepdims: keep ? 1 : 0 });
    this.vals.set(node.name, { name, layout: 'tf', shape, dtype: 'float32' });
  }

  /** TF Sum over constant axes of a tensor in TF order (the face embedding's L2 norm). */
  private sum(node: TfNode, ins: string[]): void {
    const { x, axes, keep, shape } = this.reduction(node, ins);
    const name = this.b.node('ReduceSum', [this.asTf(x), this.int64s(axes)], this.t(node.name), { keepdims: keep ? 1 : 0 });
    this.vals.set(node.name, { name, layout: 'tf', shape, dtype: x.dtype });
  }

  /** TF DepthToSpace (NHWC) is ONNX DepthToSpace in DCR mode: both read channel (i * block + j) * C + c. */
  private depthToSpace(node: TfNode): void {
    const x = this.val(dataInputs(node)[0]);
    const block = Number(node.attr?.block_size?.i ?? 0);
    if (!block) throw new Error(`${node.name}: DepthToSpace without block_size`);
    const name = this.b.node('DepthToSpace', [this.asNchw(x, node.name)], this.t(node.name), { blocksize: block, mode: 'DCR' });
    const [n, h, w, c] = x.shape;
    this.vals.set(node.name, { name, layout: 'nchw', shape: [n, h * block, w * block, c / (block * block)], dtype: 'float32' });
  }

  /** Squeezes size-1 TF axes `axes` out of a 4-D NCHW value, giving a value in TF order. */
  private dropReducedAxes(tfName: string, v: Val, axes: number[], shape: number[]): void {
    const outName = this.t(tfName);
    const kept = [0, 1, 2, 3].filter((a) => !axes.includes(a));
    const keptPhysicalOrder = kept.map((a) => TF_AXIS_IN_NCHW[a]);
    const sameOrder = keptPhysicalOrder.every((p, i) => i === 0 || p > keptPhysicalOrder[i - 1]);
    const name = sameOrder
      ? this.b.node('Squeeze', [v.name!, this.int64s(axes.map((a) => TF_AXIS_IN_NCHW[a]).sort((p, q) => p - q))], outName)
      : this.b.node('Squeeze', [this.asTf(v), this.int64s(axes)], outName);
    this.vals.set(tfName, { name, layout: 'tf', shape, dtype: v.dtype });
  }

  private pool(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const k = attrIntList(node, 'ksize');
    const s = attrIntList(node, 'strides');
    const padding = attrString(node, 'padding') ?? 'VALID';
    const attrs: Record<string, number | number[] | string> = { kernel_shape: [k[1], k[2]], strides: [s[1], s[2]] };
    if (padding === 'SAME') attrs.auto_pad = 'SAME_UPPER'; // padded cells are ignored by both (AvgPool: count_include_pad=0)
    else attrs.pads = [0, 0, 0, 0];
    const name = this.b.node(node.op === 'AvgPool' ? 'AveragePool' : 'MaxPool', [this.asNchw(x, node.name)], this.t(node.name), attrs);
    const shape = [x.shape[0], convSize(x.shape[1], k[1], s[1], 1, padding), convSize(x.shape[2], k[2], s[2], 1, padding), x.shape[3]];
    this.vals.set(node.name, { name, layout: 'nchw', shape, dtype: 'float32' });
  }

  private squeeze(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const rank = x.shape.length;
    let axes = attrIntList(node, 'squeeze_dims').map((a) => (a < 0 ? a + rank : a));
    if (axes.length === 0) axes = x.shape.flatMap((d, i) => (d === 1 ? [i] : []));
    const shape = x.shape.filter((_, i) => !axes.includes(i));
    if (x.layout === 'nchw') { this.dropReducedAxes(node.name, x, axes, shape); return; }
    const name = this.b.node('Squeeze', [this.asTf(x), this.int64s(axes)], this.t(node.name));
    this.vals.set(node.name, { name, layout: 'tf', shape, dtype: x.dtype });
  }

  private concat(node: TfNode, ins: string[]): void {
    const parts = ins.slice(0, -1).map((i) => this.val(i));
    const rank = parts[0].shape.length;
    const rawAxis = this.constOf(ins[ins.length - 1]).data[0];
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    const shape = parts[0].shape.map((d, i) => (i === axis ? parts.reduce((n, p) => n + p.shape[i], 0) : d));
    const nchw = rank === 4 && parts.some((p) => p.layout === 'nchw');
    const inputs = parts.map((p, i) => (nchw ? this.asNchw(p, stripPort(ins[i])) : this.asTf(p)));
    const name = this.b.node('Concat', inputs, this.t(node.name), { axis: nchw ? TF_AXIS_IN_NCHW[axis] : axis });
    this.vals.set(node.name, { name, layout: nchw ? 'nchw' : 'tf', shape, dtype: parts[0].dtype });
  }

  private pad(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const p = Array.from(this.constOf(ins[1]).data); // [[before, after] per TF axis]
    const rank = x.shape.length;
    const shape = x.shape.map((d, i) => d + p[2 * i] + p[2 * i + 1]);
    const order = x.layout === 'nchw' ? NHWC_TO_NCHW : [...Array(rank).keys()];
    const pads = [...order.map((a) => p[2 * a]), ...order.map((a) => p[2 * a + 1])];
    const input = x.layout === 'nchw' ? x.name! : this.asTf(x);
    const name = this.b.node('Pad', [input, this.int64s(pads)], this.t(node.name), { mode: 'constant' });
    this.vals.set(node.name, { name, layout: x.layout, shape, dtype: x.dtype });
  }

  private resize(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const size = Array.from(this.constOf(ins[1]).data);
    const alignCorners = attrBool(node, 'align_corners') ?? false;
    const halfPixel = attrBool(node, 'half_pixel_centers') ?? false;
    const bilinear = node.op === 'ResizeBilinear';
    const attrs: Record<string, string> = bilinear
      ? { mode: 'linear', coordinate_transformation_mode: alignCorners ? 'align_corners' : halfPixel ? 'half_pixel' : 'asymmetric' }
      : {
        mode: 'nearest',
        coordinate_transformation_mode: alignCorners ? 'align_corners' : halfPixel ? 'tf_half_pixel_for_nn' : 'asymmetric',
        nearest_mode: alignCorners ? 'round_prefer_ceil' : 'floor',
      };
    const input = this.asNchw(x, node.name);
    const [fh, fw] = [size[0] / x.shape[1], size[1] / x.shape[2]];
    let name: string;
    if (Number.isInteger(fh) && Number.isInteger(fw)) {
      // A TF size baked in at the nominal resolution is an integer up-sampling factor (UpSampling2D);
      // expressing it as a scale keeps the model valid at other input sizes.
      name = this.b.node('Resize', [input, '', this.floats([1, 1, fh, fw])], this.t(node.name), attrs);
    } else {
      if (this.dynamicSpatial) throw new Error(`${node.name}: fixed resize size ${size} with a dynamic input size`);
      const shape = this.b.node('Shape', [input], this.b.uniqueName(`${node.name}/shape`));
      const nc = this.b.node('Slice', [shape, this.int64s([0]), this.int64s([2])], this.b.uniqueName(`${node.name}/nc`));
      const sizes = this.b.node('Concat', [nc, this.int64s(size)], this.b.uniqueName(`${node.name}/sizes`), { axis: 0 });
      name = this.b.node('Resize', [input, '', '', sizes], this.t(node.name), attrs);
    }
    this.vals.set(node.name, { name, layout: 'nchw', shape: [x.shape[0], size[0], size[1], x.shape[3]], dtype: 'float32' });
  }

  private softmax(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const name = this.b.node('Softmax', [this.asTf(x)], this.t(node.name), { axis: -1 });
    this.vals.set(node.name, { name, layout: 'tf', shape: x.shape, dtype: 'float32' });
  }

  /** TF Cast between float32 and int32 (ONNX Cast). A cast to the type a value has already is that value: the graph's
   *  int32 image input is declared float32 here (callers feed whole numbers 0..255 as floats), so its Cast is none. */
  private cast(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const dst = node.attr?.DstT?.type;
    if (dst !== 'DT_FLOAT' && dst !== 'DT_INT32') throw new Error(`${node.name}: Cast to ${dst} not supported`);
    const to: ElemType = dst === 'DT_FLOAT' ? 'float32' : 'int32';
    if (to === x.dtype) { this.vals.set(node.name, x); return; }
    if (x.konst) { // folded: a constant stays one (it may need re-laying-out for NCHW later)
      const data = to === 'float32' ? Float32Array.from(x.konst.data) : Int32Array.from(x.konst.data, Math.trunc);
      this.vals.set(node.name, { layout: 'tf', shape: x.shape, dtype: to, konst: { dtype: to, shape: x.konst.shape, data }, constName: this.t(node.name) });
      return;
    }
    const input = x.layout === 'nchw' ? x.name! : this.asTf(x);
    const name = this.b.node('Cast', [input], this.t(node.name), { to: to === 'int32' ? 6 : 1 });
    this.vals.set(node.name, { name, layout: x.layout, shape: x.shape, dtype: to });
  }

  /** TF Unpack into one tensor (num = 1: the axis is dropped); more outputs would need multi-output values. */
  private unpack(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const num = Number(node.attr?.num?.i ?? 0);
    const rank = x.shape.length;
    const rawAxis = Number(node.attr?.axis?.i ?? 0);
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    if (num !== 1 || x.shape[axis] !== 1) throw new Error(`${node.name}: Unpack into ${num} tensors (only one is supported)`);
    const shape = x.shape.filter((_, i) => i !== axis);
    if (x.layout === 'nchw') { this.dropReducedAxes(node.name, x, [axis], shape); return; }
    const name = this.b.node('Squeeze', [this.asTf(x), this.int64s([axis])], this.t(node.name));
    this.vals.set(node.name, { name, layout: 'tf', shape, dtype: x.dtype });
  }

  /** TF ExpandDims by a constant axis (ONNX Unsqueeze, in TF order). */
  private expandDims(node: TfNode, ins: string[]): void {
    const x = this.val(ins[0]);
    const rank = x.shape.length + 1;
    const rawAxis = this.constOf(ins[1]).data[0];
    const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
    const shape = [...x.shape.slice(0, axis), 1, ...x.shape.slice(axis)];
    const name = this.b.node('Unsqueeze', [this.asTf(x), this.int64s([axis])], this.t(node.name));
    this.vals.set(node.name, { name, layout: 'tf', shape, dtype: x.dtype });
  }

  // ---- outputs -------------------------------------------------------------------------------

  private emitOutput(spec: OnnxOutputSpec): Dim[] {
    const v = this.val(spec.tensor);
    if (spec.reduce === 'gap') {
      if (v.shape.length !== 4) throw new Error(`${spec.tensor}: GAP needs a 4-D tensor`);
      const input = v.layout === 'nchw' ? v.name! : this.asTf(v);
      this.b.node('ReduceMean', [input], spec.name, { axes: v.layout === 'nchw' ? [2, 3] : [1, 2], keepdims: 0 });
      const dims: Dim[] = ['N', v.shape[3]];
      this.b.output(spec.name, 'float32', dims);
      return dims;
    }
    this.b.node('Identity', [this.asTf(v)], spec.name);
    const dims: Dim[] = v.shape.map((d, i) => {
      if (i === 0) return 'N';
      if (this.dynamicSpatial && v.shape.length === 4 && (i === 1 || i === 2)) return `${spec.name}_${i === 1 ? 'h' : 'w'}`;
      return d;
    });
    this.b.output(spec.name, v.dtype, dims);
    return dims;
  }
}

// ---- pure helpers ----------------------------------------------------------------------------

function stripPort(input: string): string {
  const name = input.startsWith('^') ? input.slice(1) : input;
  const m = /^(.*):(\d+)$/.exec(name);
  if (m && m[2] !== '0') throw new Error(`multi-output tensors are not supported (${input})`);
  return m ? m[1] : name;
}

/** Data inputs of a node (control dependencies, written "^name", carry no data). */
function dataInputs(node: TfNode): string[] {
  return (node.input ?? []).filter((i) => !i.startsWith('^')).map(stripPort);
}

function convSize(size: number, k: number, stride: number, dilation: number, padding: string): number {
  if (padding === 'SAME') return Math.ceil(size / stride);
  return Math.ceil((size - (k - 1) * dilation) / stride);
}

function broadcastShapes(a: number[], b: number[], where: string): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) throw new Error(`${where}: shapes [${a}] and [${b}] do not broadcast`);
    out.push(Math.max(da, db));
  }
  return out;
}

function permute(shape: number[], perm: number[]): number[] {
  return perm.map((p) => shape[p]);
}

/** Transposes row-major data of `shape` by `perm` (out axis i = in axis perm[i]). Copies values exactly. */
export function transposeData<T extends Float32Array | Int32Array>(data: T, shape: number[], perm: number[]): T {
  const rank = shape.length;
  const outShape = permute(shape, perm);
  const inStrides = new Array<number>(rank);
  for (let i = rank - 1, s = 1; i >= 0; i--) { inStrides[i] = s; s *= shape[i]; }
  const strideForOutAxis = perm.map((p) => inStrides[p]);
  const out = new (data.constructor as new (n: number) => T)(data.length);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let i = 0; i < rank; i++) src += idx[i] * strideForOutAxis[i];
    out[o] = data[src];
    for (let i = rank - 1; i >= 0; i--) {
      if (++idx[i] < outShape[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

