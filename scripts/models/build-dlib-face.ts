// dlib's face recognition network (ResNet-34-like, 128-d), as @vladmandic/face-api ships it (TF.js weights without a
// graph: its layers are written in TypeScript, src/faceRecognitionNet/*.ts), written out as an ONNX graph with the
// project's builder. The network, layer by layer as face-api computes it:
//   input [N, 150, 150, 3] RGB 0..255; (x - mean RGB) / 255;
//   conv 7x7/2 valid + scale + relu; max pool 3/2 valid;
//   residual blocks (conv 3x3 + scale + relu, conv 3x3 + scale, + input, relu) at 32, 64, 128, 256 channels; the
//   "down" blocks: the first conv 3x3/2 valid, the shortcut a 2x2/2 average pool, zero-padded in channels (and the
//   conv's output zero-padded by a row and a column where the two sizes differ);
//   global average pool, fc 256 -> 128.
// Each conv's bias and the scale layer after it are folded into the conv (W * s, b * s + t): the same values up to
// float rounding. Weights: face-api's uint8-quantized manifest (value = q * scale + min); the filters stay uint8 in the
// file (6.5 MB instead of 22), dequantized and folded by nodes on constants, which onnxruntime folds when it loads.
// Licence: face-api is MIT (Vladimir Mandic; the network's port by Vincent Mühler, MIT); the weights are dlib's
// dlib_face_recognition_resnet_model_v1 (Davis King), released into the public domain (davisking/dlib-models README:
// "anyone can do whatever they want with these model files"); trained on about 3 million faces, half from FaceScrub
// and VGG-Face, whose images carry their own terms: recorded in docs/models.md.
// build-models.ts builds it as resources/models/dlib-face.onnx (`npm run models:build`); alone:
// Usage: npx tsx scripts/models/build-dlib-face.ts <face-api package dir> <out.onnx>
import fs from 'node:fs';
import path from 'node:path';
import { OnnxGraphBuilder } from './onnx-builder.js';
import { quantizeRelu6Network, type Calibration } from './quantize-relu6.js';

interface WeightSpec { name: string; shape: number[]; dtype: string; quantization?: { dtype: string; scale: number; min: number } }

/** The named weights of face-api's face_recognition_model, dequantized to floats. */
export interface DlibWeight {
  shape: number[];
  values: Float32Array;
  /** the stored uint8 values and how they map to floats (value = q * scale + min), where the package quantized it */
  quantized?: { q: Uint8Array; scale: number; min: number };
}

export function loadDlibWeights(pkgDir: string): Map<string, DlibWeight> {
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgDir, 'model', 'face_recognition_model-weights_manifest.json'), 'utf8')) as { paths: string[]; weights: WeightSpec[] }[];
  const out = new Map<string, DlibWeight>();
  for (const group of manifest) {
    const bytes = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(pkgDir, 'model', p))));
    let offset = 0;
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(n);
      if (w.quantization) {
        const { dtype, scale, min } = w.quantization;
        if (dtype !== 'uint8') throw new Error(`${w.name}: ${dtype}`);
        const q = bytes.subarray(offset, offset + n);
        for (let i = 0; i < n; i++) values[i] = q[i] * scale + min;
        offset += n;
        out.set(w.name, { shape: w.shape, values, quantized: { q, scale, min } });
      } else {
        values.set(new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * n)));
        offset += 4 * n;
        out.set(w.name, { shape: w.shape, values });
      }
    }
  }
  return out;
}

export const DLIB_INPUT = 150;
export const DLIB_MEAN_RGB = [122.782, 117.001, 104.298];

/** `floatWeights`: every weight written as folded floats (no dequantizing nodes), as quantize-dlib-face.ts reads them. */
export function buildDlibFace(pkgDir: string, { floatWeights = false } = {}): Uint8Array {
  const w = loadDlibWeights(pkgDir);
  const get = (name: string) => {
    const v = w.get(name);
    if (!v) throw new Error(`weight ${name} missing`);
    return v;
  };
  const g = new OnnxGraphBuilder();
  g.input('input', 'float32', ['N', DLIB_INPUT, DLIB_INPUT, 3]);
  let x = g.node('Transpose', ['input'], 'nchw', { perm: [0, 3, 1, 2] });
  g.initializer('mean_rgb', 'float32', [1, 3, 1, 1], DLIB_MEAN_RGB);
  g.initializer('inv255', 'float32', [], [1 / 255]);
  x = g.node('Sub', [x, 'mean_rgb'], 'centred');
  x = g.node('Mul', [x, 'inv255'], 'normalized');

  /** conv + bias + scale folded; `valid`: no padding (face-api's 'valid'), else 'same' for 3x3 stride 1 */
  const conv = (input: string, prefix: string, stride: number, valid: boolean, relu: boolean): string => {
    const f = get(`${prefix}/conv/filters`); // [kh, kw, in, out]
    const [kh, kw, cin, cout] = f.shape;
    const bias = get(`${prefix}/conv/bias`).values;
    const s = get(`${prefix}/scale/weights`).values;
    const t = get(`${prefix}/scale/biases`).values;
    const B = Float32Array.from(bias, (b, o) => b * s[o] + t[o]);
    const name = prefix.replace(/\//g, '_');
    g.initializer(`${name}_B`, 'float32', [cout], B);
    const Wname = `${name}_W`;
    if (f.quantized && !floatWeights) {
      // the package's uint8 filters kept as they are (a quarter of the floats' bytes); the graph dequantizes them,
      // moves them to ONNX's [out, in, kh, kw] and multiplies in the scale layer: constants, which onnxruntime folds
      // once when it loads the model
      const { q, scale, min } = f.quantized;
      g.initializer(`${name}_Wq`, 'uint8', f.shape, q);
      g.initializer(`${name}_Wq_scale`, 'float32', [], [scale]);
      g.initializer(`${name}_Wq_min`, 'float32', [], [min]);
      g.initializer(`${name}_scale`, 'float32', [cout, 1, 1, 1], s);
      let w8 = g.node('Cast', [`${name}_Wq`], `${name}_Wf`, { to: 1 });
      w8 = g.node('Mul', [w8, `${name}_Wq_scale`], `${name}_Wscaled`);
      w8 = g.node('Add', [w8, `${name}_Wq_min`], `${name}_Wtf`);
      w8 = g.node('Transpose', [w8], `${name}_Wnchw`, { perm: [3, 2, 0, 1] });
      g.node('Mul', [w8, `${name}_scale`], Wname);
    } else {
      const W = new Float32Array(cout * cin * kh * kw);
      for (let o = 0; o < cout; o++) {
        for (let i = 0; i < cin; i++) {
          for (let y = 0; y < kh; y++) {
            for (let xx = 0; xx < kw; xx++) W[((o * cin + i) * kh + y) * kw + xx] = f.values[((y * kw + xx) * cin + i) * cout + o] * s[o];
          }
        }
      }
      g.initializer(Wname, 'float32', [cout, cin, kh, kw], W);
    }
    const pad = valid ? 0 : (kh - 1) / 2;
    const y = g.node('Conv', [input, Wname, `${name}_B`], `${name}_conv`, { kernel_shape: [kh, kw], strides: [stride, stride], pads: [pad, pad, pad, pad] });
    return relu ? g.node('Relu', [y], `${name}_relu`) : y;
  };
  const residual = (input: string, prefix: string): string => {
    let y = conv(input, `${prefix}/conv1`, 1, false, true);
    y = conv(y, `${prefix}/conv2`, 1, false, false);
    return g.node('Relu', [g.node('Add', [y, input], `${prefix}_add`)], `${prefix}_out`);
  };
  /** sizes: the block's input side and channels, as face-api's shapes give them (150 px input) */
  const residualDown = (input: string, prefix: string, side: number, cin: number, cout: number): { out: string; side: number } => {
    let y = conv(input, `${prefix}/conv1`, 2, true, true);
    y = conv(y, `${prefix}/conv2`, 1, false, false);
    const convSide = Math.floor((side - 3) / 2) + 1;
    const poolSide = Math.floor(side / 2);
    let pooled = g.node('AveragePool', [input], `${prefix}_pool`, { kernel_shape: [2, 2], strides: [2, 2] });
    if (cin !== cout) {
      const p = g.initializer(`${prefix}_chpad`, 'int64', [8], [0, 0, 0, 0, 0, cout - cin, 0, 0]);
      pooled = g.node('Pad', [pooled, p], `${prefix}_pool_padded`);
    }
    if (convSide !== poolSide) {
      const d = poolSide - convSide;
      const p = g.initializer(`${prefix}_sidepad`, 'int64', [8], [0, 0, 0, 0, 0, 0, d, d]);
      y = g.node('Pad', [y, p], `${prefix}_conv_padded`);
    }
    return { out: g.node('Relu', [g.node('Add', [pooled, y], `${prefix}_add`)], `${prefix}_out`), side: poolSide };
  };

  x = conv(x, 'conv32_down', 2, true, true); // 150 -> 72
  x = g.node('MaxPool', [x], 'maxpool', { kernel_shape: [3, 3], strides: [2, 2] }); // -> 35
  let side = 35;
  for (const b of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(x, b);
  let d = residualDown(x, 'conv64_down', side, 32, 64); x = d.out; side = d.side;
  for (const b of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(x, b);
  d = residualDown(x, 'conv128_down', side, 64, 128); x = d.out; side = d.side;
  for (const b of ['conv128_1', 'conv128_2']) x = residual(x, b);
  d = residualDown(x, 'conv256_down', side, 128, 256); x = d.out; side = d.side;
  for (const b of ['conv256_1', 'conv256_2']) x = residual(x, b);
  x = residualDown(x, 'conv256_down_out', side, 256, 256).out; // -> 2 x 2
  const pooled = g.node('ReduceMean', [x], 'global_avg', { axes: [2, 3], keepdims: 0 });
  const fc = get('fc'); // [256, 128]: [in, out], as face-api's weight map holds it
  if (fc.quantized && !floatWeights) {
    g.initializer('fc_Wq', 'uint8', fc.shape, fc.quantized.q);
    g.initializer('fc_Wq_scale', 'float32', [], [fc.quantized.scale]);
    g.initializer('fc_Wq_min', 'float32', [], [fc.quantized.min]);
    g.node('Add', [g.node('Mul', [g.node('Cast', ['fc_Wq'], 'fc_Wf', { to: 1 }), 'fc_Wq_scale'], 'fc_Wscaled'), 'fc_Wq_min'], 'fc_W');
  } else {
    g.initializer('fc_W', 'float32', fc.shape, fc.values);
  }
  g.node('MatMul', [pooled, 'fc_W'], 'descriptor');
  g.output('descriptor', 'float32', ['N', 128]);
  return g.serialize({ graphName: 'dlib_face_recognition_resnet_v1', opset: 13, producer: 'loupe scripts/models/build-dlib-face.ts', docString: 'dlib face recognition ResNet (128-d) from @vladmandic/face-api weights' });
}

/** dlib's network with int8 convolutions and Adds (quantize-relu6.ts, over the ranges quantize-dlib-face.ts measured
 *  on the fixture faces): what build-models.ts ships as dlib-face-int8. */
export function quantizeDlibFace(pkgDir: string, calibration: Calibration): Uint8Array {
  return quantizeRelu6Network(buildDlibFace(pkgDir, { floatWeights: true }), { inputRange: [0, 255], ...calibration }).bytes;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const [pkg, out] = process.argv.slice(2);
  if (!pkg || !out) {
    console.error('usage: npx tsx scripts/models/build-dlib-face.ts <face-api package dir> <out.onnx>');
    process.exit(2);
  }
  const bytes = buildDlibFace(pkg);
  fs.writeFileSync(out, bytes);
  console.log(`${out}: ${(bytes.length / 1e6).toFixed(1)} MB`);
}
