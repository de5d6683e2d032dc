// Post-training int8 quantization of a converted ReLU6 network (MobileNet-style: every Conv is followed by its
// batch-norm scale and shift, then ReLU6), written as QDQ (QuantizeLinear / DequantizeLinear pairs) that
// onnxruntime fuses into QLinearConv at load time (faceres: 13.5 -> 3.9 CPU ms per face, docs/models.md).
//
// Activations need no range calibration: ReLU6 bounds each to [0, 6], and on real faces every one of faceres's 27
// activations reaches 6, so each is quantized to uint8 with scale 6/255 and zero point 0. That QuantizeLinear
// saturates at 0 and 6, which IS the ReLU6: the activation nodes disappear. The input's range comes from the model's
// preprocessing (0..255 raw bytes quantize exactly, with scale 1).
// Weights are quantized per output channel, symmetric, to 7 bits (±63, onnxruntime's `reduce_range`): the uint8 x
// int8 kernel of x86 CPUs with AVX2 but without VNNI adds pairs of products in 16 bits, which 8-bit weights can
// overflow (255 x 127 x 2) and 7-bit ones cannot, so the model computes the same on every machine. The bias becomes
// int32 at the input scale times the weight scale, as QLinearConv expects, corrected for the mean shift that rounding
// the weights causes (bias correction, Nagel et al. 2019; the per-channel input means come from calibrate-relu6.ts).
// Measured against the float model on LFW faces (cosine of the descriptors, median / min): 7-bit 0.924 / 0.820,
// 7-bit with bias correction 0.997 / 0.994, 8-bit 0.994 / 0.990, 8-bit with bias correction 0.998 / 0.996;
// faces-dev BCubed recall 0.858 with the shipped 7-bit corrected model, 0.861 with 8 bits, 0.862 float.
// uint8 weights would avoid the saturation too, but ran 2.3 times slower than int8 here.
//
// MobileNetV2 (Conv -> Clip(0, 6), its batch norms already folded into the convolutions) has linear tensors too: each
// bottleneck's projection has no ReLU6, a residual Add sums two of them, and the graph scales its input to -1..1
// itself. Those are quantized to uint8 over a range calibrate-relu6.ts measured (`ranges`; zero point where 0 falls),
// the Adds as QDQ that onnxruntime fuses into QLinearAdd. A linear tensor without a calibrated range is refused.
// nsfwjs-mobilenetv2-embed-int8: cosine of the pooled features to float min 0.9992 on 1,200 Caltech photos, 12.5 ->
// 4.8 CPU ms an image (docs/models.md "int8 MobileNetV2").
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Node = onnxProto.onnx.INodeProto;
type Tensor = onnxProto.onnx.ITensorProto;
type Attribute = onnxProto.onnx.IAttributeProto;
type Model = InstanceType<typeof onnx.ModelProto>;

const DT = onnx.TensorProto.DataType;
/** 7-bit weights: no 16-bit saturation on any x86 CPU (see the header). */
const WEIGHT_MAX = 63;

export interface QuantizeOptions {
  /** the range of the model's float input (the manifest's `range`), quantized to uint8 */
  inputRange: [number, number];
  /** per channel, the mean of each convolution's input (by tensor name) on calibration inputs: the bias then absorbs
   *  the mean shift that rounding the weights causes (bias correction, Nagel et al. 2019) */
  inputMeans?: Record<string, ArrayLike<number>>;
  /** calibrated [min, max] of the tensors no ReLU6 bounds (a bottleneck's linear projection, a residual Add, the
   *  graph's own input scaling): each is quantized to uint8 over its range (MobileNetV2, docs/models.md) */
  ranges?: Record<string, readonly [number, number]>;
}

/** What calibrate-relu6.ts measured for a model: per-channel means of each convolution's input, and the ranges of
 *  its linear tensors (MobileNetV2 only). */
export interface Calibration {
  inputMeans: Record<string, number[]>;
  ranges?: Record<string, [number, number]>;
}

/** The names of a ReLU6 network's activations (the Max closing each Conv's ReLU6), and the model with each of them
 *  added as an output, for calibration. */
export function withRelu6Outputs(bytes: Uint8Array): { bytes: Uint8Array; names: string[] } {
  const model: Model = onnx.ModelProto.decode(bytes);
  const g = model.graph!;
  const names = (g.node ?? []).filter((n) => n.opType === 'Max').map((n) => n.output![0]);
  for (const name of names) {
    g.output!.push(onnx.ValueInfoProto.create({ name, type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: DT.FLOAT }) }) }));
  }
  return { bytes: onnx.ModelProto.encode(model).finish(), names };
}

/** Where calibrate-relu6.ts writes a model's calibration, and build-models.ts reads it. */
export function calibrationFile(id: string): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), `${id}-calibration.json`);
}

/** The per-channel input means calibrate-relu6.ts measured for a model, or none before it ran. */
export function loadInputMeans(id: string): Record<string, number[]> | undefined {
  return loadCalibration(id)?.inputMeans;
}

/** Everything calibrate-relu6.ts measured for a model, or nothing before it ran. */
export function loadCalibration(id: string): Calibration | undefined {
  const file = calibrationFile(id);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Calibration) : undefined;
}

/** The tensors of a network in Conv -> Clip(0, 6) form (MobileNetV2) that calibrate-relu6.ts measures, and the model
 *  with each of them added as an output: every convolution's input (its per-channel mean, for the bias correction)
 *  and the linear tensors (their ranges): a convolution's output that no ReLU6 follows, and every Add's output. */
export function withCalibrationOutputs(bytes: Uint8Array): { bytes: Uint8Array; means: string[]; linear: string[] } {
  const model: Model = onnx.ModelProto.decode(bytes);
  const g = model.graph!;
  const nodes = g.node ?? [];
  const consumers = new Map<string, Node[]>();
  for (const n of nodes) for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const producer = new Map<string, Node>(nodes.flatMap((n) => (n.output ?? []).map((o): [string, Node] => [o, n])));
  const convs = nodes.filter((n) => n.opType === 'Conv');
  const means = [...new Set(convs.map((n) => n.input![0]))];
  const linear = new Set<string>();
  for (const x of means) if (producer.get(x)?.opType !== 'Clip') linear.add(x);
  for (const n of convs) if ((consumers.get(n.output![0]) ?? []).some((c) => c.opType !== 'Clip')) linear.add(n.output![0]);
  for (const n of nodes) if (n.opType === 'Add') linear.add(n.output![0]);
  const existing = new Set((g.output ?? []).map((o) => o.name));
  for (const name of new Set([...means, ...linear])) {
    if (existing.has(name)) continue;
    g.output!.push(onnx.ValueInfoProto.create({ name, type: onnx.TypeProto.create({ tensorType: onnx.TypeProto.Tensor.create({ elemType: DT.FLOAT }) }) }));
  }
  return { bytes: onnx.ModelProto.encode(model).finish(), means, linear: [...linear] };
}

/** Quantizes a ReLU6 network's convolutions to int8 (QDQ form); throws on any Conv that is not followed by ReLU6. */
export function quantizeRelu6Network(bytes: Uint8Array, opts: QuantizeOptions): { bytes: Uint8Array; convs: number } {
  const model: Model = onnx.ModelProto.decode(bytes);
  const g = model.graph!;
  const inits = new Map<string, Tensor>((g.initializer ?? []).map((t) => [t.name!, t]));
  const nodes = g.node ?? [];
  const consumers = new Map<string, Node[]>();
  for (const n of nodes) for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  const only = (tensor: string, op: string): Node | null => {
    const c = consumers.get(tensor) ?? [];
    return c.length === 1 && c[0].opType === op ? c[0] : null;
  };
  /** The sole consumer of `tensor` if it is `op` with a constant other operand (a batch-norm scale or shift). */
  const onlyWithConst = (tensor: string, op: string): Node | null => {
    const n = only(tensor, op);
    return n && n.input!.some((i) => i !== tensor && inits.has(i)) ? n : null;
  };

  const out: Node[] = [];
  const newInits: Tensor[] = [];
  const dropped = new Set<Node>();
  const scalar = (name: string, type: number, value: number): string => {
    newInits.push(tensorOf(name, type, [], [value]));
    return name;
  };
  // Float tensor name -> the uint8 tensor and scale it was quantized to.
  const quantized = new Map<string, { q: string; scale: number; zero: number }>();
  const [lo, hi] = opts.inputRange;
  const inputScale = (hi - lo) / 255;
  const inputZero = Math.round(-lo / inputScale);
  let convs = 0;

  const rangeOf = (tensor: string): readonly [number, number] | undefined => opts.ranges?.[tensor];
  // A consumer that reads a quantized tensor as uint8 (through its own DequantizeLinear); any other reads it
  // dequantized under its old name.
  /** An Add quantized as QLinearAdd: its output's range, or (dlib's ResNet: Add -> Relu) its Relu's, which the
   *  QuantizeLinear's saturation at 0 then is. */
  const addQuant = (n: Node): { range: readonly [number, number]; out: string; relu?: Node } | undefined => {
    const r = rangeOf(n.output![0]);
    if (r) return { range: r, out: n.output![0] };
    const relu = only(n.output![0], 'Relu');
    const rr = relu && rangeOf(relu.output![0]);
    return relu && rr ? { range: [0, rr[1]], out: relu.output![0], relu } : undefined;
  };
  const readsQuantized = (c: Node): boolean => c.opType === 'Conv' || (c.opType === 'Add' && addQuant(c) !== undefined);
  /** Quantizes a float tensor `y` computed under another name to the uint8 tensor `<name>/q`, and dequantizes it
   *  under `name` where something that is not quantized reads it. */
  const quantizeOutput = (y: string, name: string, scale: number, zero: number): void => {
    const q = `${name}/q`;
    out.push(nodeOf('QuantizeLinear', [y, scalar(`${name}/scale`, DT.FLOAT, scale), scalar(`${name}/zero`, DT.UINT8, zero)], q));
    quantized.set(name, { q, scale, zero });
    if ((consumers.get(name) ?? []).some((c) => !readsQuantized(c))) {
      out.push(nodeOf('DequantizeLinear', [q, `${name}/scale`, `${name}/zero`], name));
    }
  };

  for (const n of nodes) {
    if (dropped.has(n)) continue;
    const addQ = n.opType === 'Add' ? addQuant(n) : undefined;
    if (addQ) {
      // A residual Add of two quantized tensors (QDQ, fused by onnxruntime into QLinearAdd). An input that is not
      // quantized yet but has a calibrated range (dlib's shortcut after its pooling) is quantized here.
      for (const i of n.input!) {
        const r = quantized.has(i) ? undefined : rangeOf(i);
        if (!r) continue;
        const [scale, zero] = uint8Params(r);
        out.push(nodeOf('QuantizeLinear', [i, scalar(`${i}/scale`, DT.FLOAT, scale), scalar(`${i}/zero`, DT.UINT8, zero)], `${i}/q`));
        quantized.set(i, { q: `${i}/q`, scale, zero });
      }
      const sides = n.input!.map((i) => ({ i, q: quantized.get(i) }));
      if (sides.some((s) => !s.q)) throw new Error(`Add ${n.name}: an input is not quantized`);
      const dqs = sides.map((s, k) => {
        const dq = `${n.name}/${k === 0 ? 'a' : 'b'}_dq`;
        out.push(nodeOf('DequantizeLinear', [s.q!.q, `${s.i}/scale`, `${s.i}/zero`], dq));
        return dq;
      });
      const y = `${n.name}/y`;
      out.push(nodeOf('Add', dqs, y));
      if (addQ.relu) dropped.add(addQ.relu);
      quantizeOutput(y, addQ.out, ...uint8Params(addQ.range));
      continue;
    }
    if (n.opType !== 'Conv') {
      out.push(n);
      continue;
    }
    // The chain Conv -> [Mul scale] -> Add shift -> Relu -> Min 6 -> Max 0 (or Conv -> Clip 0..6), folded into one
    // Conv + ReLU6; or a linear Conv whose output range was calibrated.
    const x = n.input![0];
    const w = inits.get(n.input![1]);
    if (!w) throw new Error(`Conv ${n.name}: weights are not a constant`);
    const [cOut] = w.dims!.map(Number);
    const weights = floatsOf(w);
    const bias = n.input![2] ? floatsOf(inits.get(n.input![2])!) : new Float32Array(cOut);
    let tail = n.output![0];
    const mul = onlyWithConst(tail, 'Mul');
    if (mul) {
      const s = floatsOf(constOf(inits, mul, tail));
      const per = weights.length / cOut;
      for (let c = 0; c < cOut; c++) for (let k = 0; k < per; k++) weights[c * per + k] *= s[s.length === 1 ? 0 : c];
      for (let c = 0; c < cOut; c++) bias[c] *= s[s.length === 1 ? 0 : c];
      dropped.add(mul);
      tail = mul.output![0];
    }
    const add = onlyWithConst(tail, 'Add');
    if (add) {
      const b = floatsOf(constOf(inits, add, tail));
      for (let c = 0; c < cOut; c++) bias[c] += b[b.length === 1 ? 0 : c];
      dropped.add(add);
      tail = add.output![0];
    }
    let relu6Out: string | undefined;
    const relu = only(tail, 'Relu');
    const min = relu && only(relu.output![0], 'Min');
    const max = min && only(min.output![0], 'Max');
    const clip = only(tail, 'Clip');
    if (relu && min && max && floatsOf(constOf(inits, min, relu.output![0]))[0] === 6 && floatsOf(constOf(inits, max, min.output![0]))[0] === 0) {
      dropped.add(relu).add(min).add(max);
      relu6Out = max.output![0];
    } else if (clip && clipBounds(inits, clip).join() === '0,6') {
      dropped.add(clip);
      relu6Out = clip.output![0];
    }
    // A plain ReLU whose output range was calibrated (dlib's ResNet): the QuantizeLinear's saturation at 0 is the ReLU.
    const reluRange = !relu6Out && relu && !min ? rangeOf(relu.output![0]) : undefined;
    if (reluRange) dropped.add(relu!);
    const outRange = relu6Out ? undefined : reluRange ? ([0, reluRange[1]] as const) : rangeOf(tail);
    if (!relu6Out && !outRange) {
      throw new Error(`Conv ${n.name} is not followed by ReLU6 and its output has no calibrated range: this quantizer handles ReLU6 networks only`);
    }

    // The input: already quantized (the previous layer's ReLU6, or a calibrated linear tensor), or the model's input
    // (after its transpose, or its calibrated scaling).
    let xq = quantized.get(x);
    if (!xq) {
      const r = rangeOf(x);
      const [scale, zero] = r ? uint8Params(r) : [inputScale, inputZero];
      xq = { q: `${x}/q`, scale, zero };
      out.push(nodeOf('QuantizeLinear', [x, scalar(`${x}/scale`, DT.FLOAT, scale), scalar(`${x}/zero`, DT.UINT8, zero)], xq.q));
      quantized.set(x, xq);
    }
    const xdq = `${n.name}/x_dq`;
    out.push(nodeOf('DequantizeLinear', [xq.q, `${x}/scale`, `${x}/zero`], xdq));

    const per = weights.length / cOut;
    const wScale = new Float32Array(cOut);
    const wq = new Int8Array(weights.length);
    const bq = new Int32Array(cOut);
    const means = opts.inputMeans?.[x];
    const [, inPerGroup, kh, kw] = w.dims!.map(Number);
    const kernel = kh * kw;
    const groups = Number(n.attribute?.find((a) => a.name === 'group')?.i ?? 1);
    const outPerGroup = cOut / groups;
    for (let c = 0; c < cOut; c++) {
      let m = 0;
      for (let k = 0; k < per; k++) m = Math.max(m, Math.abs(weights[c * per + k]));
      wScale[c] = m > 0 ? m / WEIGHT_MAX : 1;
      for (let k = 0; k < per; k++) wq[c * per + k] = Math.round(weights[c * per + k] / wScale[c]);
      let shift = 0;
      if (means) {
        for (let k = 0; k < per; k++) shift += (wq[c * per + k] * wScale[c] - weights[c * per + k]) * means[(Math.floor(c / outPerGroup) * inPerGroup) + Math.floor(k / kernel)];
      }
      bq[c] = Math.round((bias[c] - shift) / (xq.scale * wScale[c]));
    }
    const base = n.name!;
    const y = `${base}/y`;
    newInits.push(tensorOf(`${base}/w_q`, DT.INT8, w.dims!.map(Number), wq));
    newInits.push(tensorOf(`${base}/w_scale`, DT.FLOAT, [cOut], wScale));
    newInits.push(tensorOf(`${base}/w_zero`, DT.INT8, [cOut], new Int8Array(cOut)));
    newInits.push(tensorOf(`${base}/b_q`, DT.INT32, [cOut], bq));
    newInits.push(tensorOf(`${base}/b_scale`, DT.FLOAT, [cOut], wScale.map((s) => s * xq.scale)));
    newInits.push(tensorOf(`${base}/b_zero`, DT.INT32, [cOut], new Int32Array(cOut)));
    const axis = onnx.AttributeProto.create({ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 });
    out.push(nodeOf('DequantizeLinear', [`${base}/w_q`, `${base}/w_scale`, `${base}/w_zero`], `${base}/w_dq`, [axis]));
    out.push(nodeOf('DequantizeLinear', [`${base}/b_q`, `${base}/b_scale`, `${base}/b_zero`], `${base}/b_dq`, [axis]));
    out.push(nodeOf('Conv', [xdq, `${base}/w_dq`, `${base}/b_dq`], y, n.attribute ?? []));
    // ReLU6 is the saturation of this QuantizeLinear: uint8, zero point 0, 255 steps of 6/255. A linear output is
    // quantized over its calibrated range (what lies outside saturates).
    if (relu6Out) quantizeOutput(y, relu6Out, 6 / 255, 0);
    else quantizeOutput(y, reluRange ? relu!.output![0] : tail, ...uint8Params(outRange!));
    convs++;
  }
  const usedInputs = new Set(out.flatMap((n) => n.input ?? []));
  g.node = out;
  g.initializer = [...(g.initializer ?? []).filter((t) => usedInputs.has(t.name!)), ...newInits];
  return { bytes: onnx.ModelProto.encode(model).finish(), convs };
}

/** uint8 scale and zero point for a range (widened to hold 0, which padding and ReLU need exactly). */
function uint8Params([lo, hi]: readonly [number, number]): [number, number] {
  const min = Math.min(lo, 0);
  const max = Math.max(hi, 0);
  const scale = max > min ? (max - min) / 255 : 1;
  return [scale, Math.min(255, Math.max(0, Math.round(-min / scale)))];
}

/** The constant lower and upper bounds of a Clip. */
function clipBounds(inits: Map<string, Tensor>, clip: Node): number[] {
  return clip.input!.slice(1).map((i) => {
    const t = inits.get(i);
    return t ? floatsOf(t)[0] : NaN;
  });
}

function constOf(inits: Map<string, Tensor>, n: Node, other: string): Tensor {
  const name = n.input!.find((i) => i !== other);
  const t = name ? inits.get(name) : undefined;
  if (!t) throw new Error(`${n.opType} ${n.name}: its second operand is not a constant`);
  return t;
}

function floatsOf(t: Tensor): Float32Array {
  if (t.dataType !== DT.FLOAT) throw new Error(`initializer ${t.name}: float32 expected`);
  // A copy: the decoder's rawData may be a view into the whole file's buffer (a Node Buffer's slice is a view too).
  if (t.rawData && t.rawData.length) return new Float32Array(new Uint8Array(t.rawData).buffer);
  return Float32Array.from(t.floatData ?? []);
}

function tensorOf(name: string, dataType: number, dims: number[], values: ArrayLike<number>): Tensor {
  let raw: Uint8Array;
  if (dataType === DT.FLOAT) raw = new Uint8Array(Float32Array.from(values).buffer);
  else if (dataType === DT.INT32) raw = new Uint8Array(Int32Array.from(values).buffer);
  else if (dataType === DT.INT8) raw = new Uint8Array(Int8Array.from(values).buffer);
  else raw = Uint8Array.from(values);
  return onnx.TensorProto.create({ name, dataType, dims, rawData: raw });
}

function nodeOf(opType: string, input: string[], output: string, attribute: Attribute[] = []): Node {
  return onnx.NodeProto.create({ opType, input, output: [output], name: output, attribute });
}
