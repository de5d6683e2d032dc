// Rebuilds the bundled ONNX models and their manifest from the TF.js graph models shipped inside two
// installed npm packages (nothing is downloaded):
//   resources/models/nsfwjs-mobilenetv2.onnx  <- nsfwjs dist/models/mobilenet_v2_mid (MobileNetV2-1.4)
//   resources/models/centernet-coco.onnx      <- @vladmandic/human models/centernet.json (COCO-80 detector)
//   resources/models/manifest.json
// Run:  npx tsx scripts/models/build-models.ts
// The output is deterministic: rerunning on the same package versions rewrites identical bytes.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COCO_LABELS } from '../../src/main/engine/models/coco-labels.js';
import {
  MANIFEST_FILE, MANIFEST_VERSION, validateManifest,
  type DetectionParams, type ModelDim, type ModelEntry, type ModelInput, type ModelLabel, type ModelManifest, type ModelOutput,
  type ModelSource,
} from '../../src/main/engine/models/manifest.js';
import { loadTfjsGraphFromFiles, loadTfjsGraphFromJsModules, opCensus, type TfGraph } from './tfjs-graph.js';
import { loadCalibration, quantizeRelu6Network } from './quantize-relu6.js';
import { convertTfjsToOnnx, type ConvertOptions } from './tfjs-to-onnx.js';
import { buildDlibFace, DLIB_INPUT, quantizeDlibFace } from './build-dlib-face.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = path.join(ROOT, 'resources', 'models');
const NODE_MODULES = path.join(ROOT, 'node_modules');

/** Scope prefix of every tensor of the nsfwjs graph (a Keras Sequential wrapping a TF-Hub layer). */
const NSFW_SCOPE = 'StatefulPartitionedCall/sequential/keras_layer/StatefulPartitionedCall/StatefulPartitionedCall/StatefulPartitionedCall/predict/';

/** The tensor names the graphs expose (see the retrieval notes for why these two embeddings). */
export const TENSORS = {
  nsfwBlock16Depthwise: `${NSFW_SCOPE}MobilenetV2/expanded_conv_16/depthwise/depthwise`,
  nsfwFeature: `${NSFW_SCOPE}feature_vector/SpatialSqueeze`,
  nsfwProbs: 'Identity',
  centernetBlock14Depthwise: 'tower_0/MobilenetV3/expanded_conv_14/depthwise/hard_swish/mul_1',
  centernetBlock13Depthwise: 'tower_0/MobilenetV3/expanded_conv_13/depthwise/hard_swish/mul_1',
  centernetHeatmap: 'tower_0/keypoints',
  centernetWh: 'tower_0/wh',
  // BlazeFace (back-camera variant): class logits and regressors of its two anchor grids (stride 16 and 32 at 256 px)
  blazefaceLogits16: 'StatefulPartitionedCall/functional_1/conv2d_33/BiasAdd',
  blazefaceRegressors16: 'StatefulPartitionedCall/functional_1/conv2d_35/BiasAdd',
  blazefaceLogits32: 'StatefulPartitionedCall/functional_1/conv2d_34/BiasAdd',
  blazefaceRegressors32: 'StatefulPartitionedCall/functional_1/conv2d_36/BiasAdd',
  faceresDescriptor: 'global_pooling/Mean',
  movenetHeatmap: 'StatefulPartitionedCall/Sigmoid',
  movenetCentre: 'StatefulPartitionedCall/truediv_2',
  movenetRegress: 'StatefulPartitionedCall/kpt_regress_0/conv2d_6/BiasAdd',
  movenetOffset: 'StatefulPartitionedCall/kpt_offset_0/conv2d_7/BiasAdd',
} as const;

/** One output of a converted model: the TF tensor it is read from, and what the manifest says of it. */
interface RecipeOutput extends ModelOutput {
  tensor: string;
  /** 'gap': global average pool of a 4-D tensor (see OnnxOutputSpec) */
  reduce?: 'gap';
}

/** One bundled model: where its graph is, which tensors become outputs, and how to feed it (all NHWC RGB). The
 *  ONNX file is `<id>.onnx`; the ONNX input is called `input`; everything else is derived in buildModels. */
interface ModelRecipe {
  id: string;
  pkg: string;
  /** path of the TF.js graph inside the package (as recorded in the manifest) */
  pathInPackage: string;
  /** how the package stores it: model.json with .bin shards, or nsfwjs's CommonJS modules in a folder */
  form: 'model-json' | 'js-modules';
  upstream?: string;
  graphName: string;
  /** declared input dims (strings are symbolic) and a concrete shape the graph was built for */
  inputShape: ModelDim[];
  nominalInputShape: [number, number, number, number];
  range: ModelInput['range'];
  resize: ModelInput['resize'];
  outputs: RecipeOutput[];
  preprocessing: string;
  labels?: ModelLabel[];
  detection?: DetectionParams;
  /** also ship `<id>-int8.onnx`: the same network quantized to int8 (scripts/models/quantize-relu6.ts); 'only':
   *  ship the int8 file alone (the float network is another row's file already) */
  int8?: boolean | 'only';
}

/** nsfwjs's MobileNetV2 graph as both of its rows read it: the float model and the int8 embedding cut from it. */
const NSFWJS_MOBILENETV2 = {
  pkg: 'nsfwjs',
  pathInPackage: 'dist/models/mobilenet_v2_mid/',
  form: 'js-modules',
  inputShape: ['N', 224, 224, 3],
  nominalInputShape: [1, 224, 224, 3],
  range: [0, 1],
  resize: { fit: 'fill', sizes: { embed: [224, 224] } },
} satisfies Partial<ModelRecipe>;

const RECIPES: ModelRecipe[] = [
  {
    ...NSFWJS_MOBILENETV2,
    id: 'nsfwjs-mobilenetv2',
    upstream: 'https://github.com/GantMan/nsfw_model (MIT): MobileNetV2 1.4 fine-tuned for 5 NSFW classes',
    graphName: 'nsfwjs_mobilenet_v2_mid',
    outputs: [
      { name: 'embed', tensor: TENSORS.nsfwBlock16Depthwise, reduce: 'gap', dims: ['N', 1344], meaning: 'global average pool of block 16 depthwise conv output (after its ReLU6): the retrieval embedding' },
      { name: 'feature', tensor: TENSORS.nsfwFeature, dims: ['N', 1792], meaning: 'the network\'s final pooled feature vector (feature_vector/SpatialSqueeze)' },
      { name: 'nsfw', tensor: TENSORS.nsfwProbs, dims: ['N', 5], meaning: 'softmax over the nsfwjs classes [Drawing, Hentai, Neutral, Porn, Sexy]' },
    ],
    preprocessing: 'decode to sRGB, stretch to 224x224 with sharp (lanczos3; aspect ratio not kept, as nsfwjs does), float32 = byte / 255, NHWC; the graph itself maps 0..1 to -1..1',
  },
  {
    // The embedding alone, int8: what the first pass runs (issue #15). Cut after block 16's depthwise output (the
    // `embed` pool), which also leaves out the network's last two 1x1 convolutions and the classifier (~12% of its
    // multiply-adds); quantized with calibrated ranges for the linear bottleneck tensors (docs/models.md, "int8
    // MobileNetV2"). The float reference is nsfwjs-mobilenetv2's `embed`.
    ...NSFWJS_MOBILENETV2,
    id: 'nsfwjs-mobilenetv2-embed',
    upstream: 'https://github.com/GantMan/nsfw_model (MIT): MobileNetV2 1.4 fine-tuned for 5 NSFW classes; up to block 16 depthwise only',
    graphName: 'nsfwjs_mobilenet_v2_mid_embed',
    outputs: [
      { name: 'embed', tensor: TENSORS.nsfwBlock16Depthwise, reduce: 'gap', dims: ['N', 1344], meaning: 'as nsfwjs-mobilenetv2 embed (global average pool of block 16 depthwise conv output, after its ReLU6), computed in int8' },
    ],
    preprocessing: 'as nsfwjs-mobilenetv2: decode to sRGB, stretch to 224x224 with sharp (lanczos3; aspect ratio not kept), float32 = byte / 255, NHWC; the graph itself maps 0..1 to -1..1',
    int8: 'only',
  },
  {
    id: 'centernet-coco',
    pkg: '@vladmandic/human',
    pathInPackage: 'models/centernet.json',
    form: 'model-json',
    upstream: 'https://github.com/610265158/mobilenetv3_centernet (states no license of its own): MobileNetV3-large 0.75 CenterNet trained on COCO 2017',
    graphName: 'human_centernet',
    inputShape: ['N', 'H', 'W', 3],
    nominalInputShape: [1, 512, 512, 3],
    range: [0, 255],
    resize: { fit: 'fill', sizes: { embed: [256, 256], detect: [512, 512] }, multipleOf: 32 },
    outputs: [
      { name: 'embed', tensor: TENSORS.centernetBlock14Depthwise, reduce: 'gap', dims: ['N', 720], meaning: 'global average pool of backbone block 14 depthwise output (after hard-swish): the retrieval embedding' },
      { name: 'heatmap', tensor: TENSORS.centernetHeatmap, dims: ['N', 'H/4', 'W/4', 80], layout: 'NHWC', meaning: 'per-class centre heatmap, sigmoid scores 0..1, class index = COCO label index' },
      { name: 'wh', tensor: TENSORS.centernetWh, dims: ['N', 'H/4', 'W/4', 4], layout: 'NHWC', meaning: 'box extents in input pixels from the cell centre (x*4, y*4): [left, top, right, bottom] distances' },
    ],
    preprocessing: 'decode to sRGB, stretch to SxS with sharp (lanczos3; aspect ratio not kept, as human does; S a multiple of 32: 512 for detection, 256 for the embedding), float32 raw 0..255, NHWC',
    labels: COCO_LABELS.map((l, index) => ({ index, en: l.en, zh: l.zh })),
    // The values @vladmandic/human uses by default (config.object) and the TopK of its graph.
    detection: { stride: 4, topK: 100, minScore: 0.2, iouThreshold: 0.4, maxDetections: 10 },
  },
  {
    // The backbone alone, for the 256 px embedding pass: onnxruntime runs every node of a graph whatever
    // outputs are fetched, and the detector heads would double the cost of each embedding (measured:
    // 25 vs 50 CPU-ms per image at 256 px).
    id: 'centernet-coco-embed',
    pkg: '@vladmandic/human',
    pathInPackage: 'models/centernet.json',
    form: 'model-json',
    upstream: 'https://github.com/610265158/mobilenetv3_centernet (states no license of its own): MobileNetV3-large 0.75 CenterNet trained on COCO 2017; backbone only',
    graphName: 'human_centernet_backbone',
    inputShape: ['N', 'H', 'W', 3],
    nominalInputShape: [1, 512, 512, 3],
    range: [0, 255],
    resize: { fit: 'fill', sizes: { embed: [256, 256] }, multipleOf: 32 },
    outputs: [
      // Block 13, not 14 (issues #11, #15): find-similar mAP 0.491 -> 0.517, learned tags +0.02 (docs/models.md).
      { name: 'embed', tensor: TENSORS.centernetBlock13Depthwise, reduce: 'gap', dims: ['N', 720], meaning: 'global average pool of backbone block 13 depthwise output (after hard-swish): the retrieval embedding, without the detector heads (centernet-coco embed is block 14\'s)' },
    ],
    preprocessing: 'as centernet-coco: decode to sRGB, stretch to 256x256 with sharp (lanczos3; aspect ratio not kept), float32 raw 0..255, NHWC',
  },
  {
    // The face detector. Only its convolutional trunk and heads are converted (not the graph's fixed reshape to
    // 896 anchors), so it runs at any input size: Loupe runs it at 256 and 512 px (see docs/faces.md).
    id: 'blazeface-back',
    pkg: '@vladmandic/human',
    pathInPackage: 'models/blazeface.json',
    form: 'model-json',
    upstream: 'https://github.com/google/mediapipe (Apache-2.0): BlazeFace back-camera model (face_detection_back.tflite)',
    graphName: 'blazeface_back',
    inputShape: ['N', 'H', 'W', 3],
    nominalInputShape: [1, 256, 256, 3],
    range: [-1, 1],
    resize: { fit: 'fill', sizes: { detect: [256, 256], detectSmall: [512, 512] }, multipleOf: 32 },
    outputs: [
      { name: 'logits16', tensor: TENSORS.blazefaceLogits16, dims: ['N', 'H/16', 'W/16', 2], layout: 'NHWC', meaning: 'face logits, 2 anchors per cell of the stride-16 grid' },
      { name: 'regressors16', tensor: TENSORS.blazefaceRegressors16, dims: ['N', 'H/16', 'W/16', 32], layout: 'NHWC', meaning: 'per anchor: centre dx, dy, width, height, then 6 landmarks (x, y), input pixels from the cell centre' },
      { name: 'logits32', tensor: TENSORS.blazefaceLogits32, dims: ['N', 'H/32', 'W/32', 6], layout: 'NHWC', meaning: 'face logits, 6 anchors per cell of the stride-32 grid' },
      { name: 'regressors32', tensor: TENSORS.blazefaceRegressors32, dims: ['N', 'H/32', 'W/32', 96], layout: 'NHWC', meaning: 'as regressors16, for the stride-32 grid' },
    ],
    preprocessing: 'decode upright sRGB, scale the long edge to S and pad right/bottom with black to S x S, float32 = byte / 127.5 - 1, NHWC',
  },
  {
    // The face descriptor (human.js "faceres"): 1024-d global pool, read from an aligned 224 px face crop.
    id: 'faceres',
    pkg: '@vladmandic/human',
    pathInPackage: 'models/faceres.json',
    form: 'model-json',
    upstream: 'human.js faceres (Vladimir Mandic, MIT): MobileNet-style face descriptor with age and gender heads; only the descriptor is converted',
    graphName: 'human_faceres',
    inputShape: ['N', 224, 224, 3],
    nominalInputShape: [1, 224, 224, 3],
    range: [0, 255],
    resize: { fit: 'fill', sizes: { embed: [224, 224] } },
    outputs: [
      { name: 'descriptor', tensor: TENSORS.faceresDescriptor, dims: ['N', 1024], meaning: 'face descriptor (global average pool), compared by cosine after L2 normalisation' },
    ],
    preprocessing: 'the face warped by a similarity transform that puts its eyes, nose tip and mouth centre on the ArcFace 112 px template scaled to 224 px (src/main/engine/faces/face-geometry.ts), float32 raw 0..255, NHWC',
    // What the face stage runs: a third of the CPU per face, descriptors at cosine >= 0.98 of these (docs/faces.md).
    int8: true,
  },
  {
    id: 'movenet-lightning',
    pkg: '@vladmandic/human',
    pathInPackage: 'models/movenet-lightning.json',
    form: 'model-json',
    upstream: 'https://tfhub.dev/google/movenet/singlepose/lightning (Apache-2.0): MoveNet single-pose lightning, 17 COCO keypoints',
    graphName: 'movenet_lightning',
    // batch of one: the graph unstacks its input into one image and stacks it again
    inputShape: [1, 192, 192, 3],
    nominalInputShape: [1, 192, 192, 3],
    range: [0, 255],
    resize: { fit: 'fill', sizes: { pose: [192, 192] } },
    // the heads before the graph's decoding (ArgMax, GatherNd, Pack over batch 1), decoded in TypeScript as the
    // graph decodes them (src/main/engine/faces/pose-keypoints.ts)
    outputs: [
      { name: 'heatmap', tensor: TENSORS.movenetHeatmap, dims: [1, 48, 48, 17], layout: 'NHWC', meaning: 'keypoint heatmaps (sigmoid 0..1), COCO order: nose, left eye, right eye, left ear, right ear, shoulders, ...' },
      { name: 'centre', tensor: TENSORS.movenetCentre, dims: [1, 48, 48, 1], layout: 'NHWC', meaning: 'person centre heatmap weighted towards the middle of the input (the graph\'s truediv_2)' },
      { name: 'regress', tensor: TENSORS.movenetRegress, dims: [1, 48, 48, 34], layout: 'NHWC', meaning: 'per keypoint (dy, dx) from a person centre cell to the keypoint, in grid cells' },
      { name: 'offset', tensor: TENSORS.movenetOffset, dims: [1, 48, 48, 34], layout: 'NHWC', meaning: 'per keypoint (dy, dx) sub-cell offset of the keypoint from its heatmap cell, in grid cells' },
    ],
    preprocessing: 'a square crop around the person, stretched to 192x192 with sharp, float32 raw 0..255 (whole numbers, as the graph\'s int32 input), NHWC; the graph maps 0..255 to -1..1',
  },
];

const INPUT_NAME = 'input';

function loadGraph(r: ModelRecipe, pkgDir: string): TfGraph {
  const at = path.join(pkgDir, r.pathInPackage);
  return r.form === 'js-modules' ? loadTfjsGraphFromJsModules(at) : loadTfjsGraphFromFiles(at);
}

/** What the converter is asked for (less the provenance strings buildModels adds). */
function conversionOf(r: ModelRecipe): Omit<ConvertOptions, 'metadata' | 'docString'> {
  return {
    graphName: r.graphName,
    inputName: INPUT_NAME,
    inputDims: r.inputShape,
    nominalInputShape: r.nominalInputShape,
    outputs: r.outputs.map(({ name, tensor, reduce }) => (reduce ? { name, tensor, reduce } : { name, tensor })),
  };
}

/** The manifest's description of the model (less what only the built file tells: hash, size, source). */
function entryOf(r: ModelRecipe): Pick<ModelEntry, 'input' | 'outputs' | 'preprocessing' | 'labels' | 'detection'> {
  return {
    input: { name: INPUT_NAME, layout: 'NHWC', dtype: 'float32', shape: r.inputShape, channelOrder: 'RGB', range: r.range, resize: r.resize },
    outputs: r.outputs.map(({ name, dims, layout, meaning }) => (layout ? { name, dims, layout, meaning } : { name, dims, meaning })),
    preprocessing: r.preprocessing,
    ...(r.labels ? { labels: r.labels } : {}),
    ...(r.detection ? { detection: r.detection } : {}),
  };
}

export function packageInfo(pkg: string): { dir: string; version: string; license: string; copyright: string } {
  const dir = path.join(NODE_MODULES, pkg);
  const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string; license: string };
  const licenseText = readFileSync(path.join(dir, 'LICENSE'), 'utf8');
  const copyright = licenseText.split('\n').find((l) => /^copyright/i.test(l.trim()))?.trim() ?? '';
  return { dir, version: json.version, license: json.license, copyright };
}

function printCensus(title: string, rows: [string, number][]): void {
  console.log(`  ${title}: ${rows.map(([op, n]) => `${op} ${n}`).join(', ')}`);
}

/** The float ONNX network of a row, as the build converts it (calibrate-relu6.ts measures it). */
export function convertRecipe(id: string): Uint8Array {
  const r = RECIPES.find((x) => x.id === id);
  if (!r) throw new Error(`no model row ${id}`);
  return convertTfjsToOnnx(loadGraph(r, packageInfo(r.pkg).dir), conversionOf(r)).bytes;
}

/** Writes the model file `<id>.onnx` into `outDir` and says where, its size and its hash (the manifest's fields). */
function writeModel(outDir: string, id: string, bytes: Uint8Array): Pick<ModelEntry, 'file' | 'sha256' | 'bytes'> {
  const fileName = `${id}.onnx`;
  const file = path.join(outDir, fileName);
  writeFileSync(file, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  console.log(`  -> ${path.relative(ROOT, file)}  ${(bytes.byteLength / 1e6).toFixed(2)} MB  sha256 ${sha256}`);
  return { file: fileName, sha256, bytes: bytes.byteLength };
}

export function buildModels(outDir = OUT_DIR): ModelManifest {
  mkdirSync(outDir, { recursive: true });
  const models: ModelEntry[] = [];
  for (const r of RECIPES) {
    const info = packageInfo(r.pkg);
    const graph = loadGraph(r, info.dir);
    console.log(`${r.id}  (${r.pkg}@${info.version} ${r.pathInPackage})`);
    printCensus('TF ops in the graph', opCensus(graph.nodes));
    const result = convertTfjsToOnnx(graph, {
      ...conversionOf(r),
      docString: `Converted from ${r.pkg}@${info.version} ${r.pathInPackage} by scripts/models/build-models.ts`,
      metadata: { source: `${r.pkg}@${info.version}/${r.pathInPackage}`, license: info.license },
    });
    printCensus('TF ops converted', result.tfOpsConverted);
    printCensus('ONNX ops', result.onnxOps);
    const source: ModelSource = {
      package: r.pkg, version: info.version, path: r.pathInPackage, license: info.license, copyright: info.copyright,
      ...(r.upstream ? { upstream: r.upstream } : {}),
    };
    const write = (id: string, bytes: Uint8Array, src: ModelSource): void => {
      models.push({ id, ...writeModel(outDir, id, bytes), format: 'onnx', opset: 13, source: src, ...entryOf(r) });
    };
    if (r.int8 !== 'only') write(r.id, result.bytes, source);
    if (r.int8) {
      const calibration = loadCalibration(r.id);
      const inputMeans = calibration?.inputMeans;
      const ranges = calibration?.ranges;
      const q = quantizeRelu6Network(result.bytes, { inputRange: r.range, ...(inputMeans ? { inputMeans } : {}), ...(ranges ? { ranges } : {}) });
      console.log(`  int8: ${q.convs} convolutions quantized, ${inputMeans ? 'biases corrected by the calibration means' : 'NO calibration (run calibrate-relu6.ts)'}${ranges ? `, ${Object.keys(ranges).length} linear tensors over their calibrated ranges` : ''}`);
      write(`${r.id}-int8`, q.bytes, { ...source, upstream: `${r.upstream ?? r.pkg}; quantized to int8 by scripts/models/quantize-relu6.ts` });
    }
  }
  models.push(buildDlib(outDir));
  models.push(buildDlibInt8(outDir, models[models.length - 1]));
  const manifest = validateManifest({ version: MANIFEST_VERSION, generatedBy: 'scripts/models/build-models.ts', models });
  writeFileSync(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${path.relative(ROOT, path.join(outDir, MANIFEST_FILE))}`);
  return manifest;
}

/** dlib's face recognition ResNet: @vladmandic/face-api ships its weights without a graph, so it is not a row of
 *  RECIPES; scripts/models/build-dlib-face.ts writes its network. */
export const DLIB_FACE_ID = 'dlib-face';

function buildDlib(outDir: string): ModelEntry {
  const pkg = '@vladmandic/face-api';
  const info = packageInfo(pkg);
  console.log(`${DLIB_FACE_ID}  (${pkg}@${info.version} model/face_recognition_model)`);
  return {
    id: DLIB_FACE_ID, ...writeModel(outDir, DLIB_FACE_ID, buildDlibFace(info.dir)), format: 'onnx', opset: 13,
    source: {
      package: pkg, version: info.version, path: 'model/face_recognition_model-weights_manifest.json', license: info.license, copyright: info.copyright,
      upstream: 'dlib dlib_face_recognition_resnet_model_v1 (Davis King; released into the public domain, davisking/dlib-models): ResNet-34-like, 128-d, 99.38% on LFW; network written from face-api\'s src/faceRecognitionNet by scripts/models/build-dlib-face.ts',
    },
    input: { name: INPUT_NAME, layout: 'NHWC', dtype: 'float32', shape: ['N', DLIB_INPUT, DLIB_INPUT, 3], channelOrder: 'RGB', range: [0, 255], resize: { fit: 'fill', sizes: { embed: [DLIB_INPUT, DLIB_INPUT] } } },
    outputs: [{ name: 'descriptor', dims: ['N', 128], meaning: 'face descriptor (dlib: same person within Euclidean 0.6), compared here by cosine after L2 normalisation' }],
    preprocessing: 'the face warped by a similarity transform that puts its eyes, nose tip and mouth centre on dlib\'s 150 px chip (padding 0.25; src/main/worker/faces/face-crop.ts), float32 raw 0..255, NHWC; the graph subtracts dlib\'s mean RGB and divides by 255',
  };
}

/** dlib's network in int8 (quantizeDlibFace) over the calibration scripts/models/quantize-dlib-face.ts measured on the
 *  fixture faces (scripts/models/dlib-face-calibration.json): what the face stage runs (docs/faces.md). */
function buildDlibInt8(outDir: string, float: ModelEntry): ModelEntry {
  const calibration = loadCalibration(DLIB_FACE_ID);
  if (!calibration) throw new Error(`${DLIB_FACE_ID}: no calibration (run npx tsx scripts/models/quantize-dlib-face.ts)`);
  const id = `${DLIB_FACE_ID}-int8`;
  console.log(id);
  return { ...float, id, ...writeModel(outDir, id, quantizeDlibFace(packageInfo('@vladmandic/face-api').dir, calibration)), source: { ...float.source, upstream: `${float.source.upstream}; quantized to int8 by scripts/models/quantize-dlib-face.ts` } };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildModels();
