// Dense float32 matrix products through onnxruntime's CPU kernels. Plain JS manages ~0.1-0.3 GFLOP/s
// on the 2-core target machine (a 1344 x 1344 by 1344 x 288 product took 5 s); onnxruntime's MLAS GEMM
// is one to two orders of magnitude faster, which turns a whitening fit from a minute into seconds.
// The one-node model is encoded here by hand (a few protobuf fields) so no model file is needed.
import '../inference/no-telemetry.js'; // before any onnxruntime session: no telemetry
import ort from 'onnxruntime-node';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

const enc = new TextEncoder();
const field = (num: number, bytes: number[]): number[] => [...varint((num << 3) | 2), ...varint(bytes.length), ...bytes];
const str = (num: number, s: string): number[] => field(num, [...enc.encode(s)]);
const int = (num: number, v: number): number[] => [...varint(num << 3), ...varint(v)];

/** ValueInfoProto of a 2-d float tensor with symbolic dims. */
function matrixInfo(name: string, rows: string, cols: string): number[] {
  const dim = (p: string): number[] => field(1, str(2, p));
  const shape = field(2, [...dim(rows), ...dim(cols)]);
  const tensorType = field(1, [...int(1, 1 /* FLOAT */), ...shape]);
  return [...str(1, name), ...field(2, tensorType)];
}

function matmulModel(): Uint8Array {
  const node = [...str(1, 'A'), ...str(1, 'B'), ...str(2, 'C'), ...str(4, 'MatMul')];
  const graph = [
    ...field(1, node),
    ...str(2, 'matmul'),
    ...field(11, matrixInfo('A', 'm', 'k')),
    ...field(11, matrixInfo('B', 'k', 'n')),
    ...field(12, matrixInfo('C', 'm', 'n')),
  ];
  const model = [...int(1, 8 /* IR version */), ...field(8, [...str(1, ''), ...int(2, 13)]), ...field(7, graph)];
  return Uint8Array.from(model);
}

/** One session per thread count. */
const sessions = new Map<number, Promise<ort.InferenceSession>>();

function getSession(threads: number): Promise<ort.InferenceSession> {
  let session = sessions.get(threads);
  if (!session) sessions.set(threads, (session = ort.InferenceSession.create(matmulModel(), { executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1 })));
  return session;
}

/** Row-major float32 matrix. */
export interface Mat {
  rows: number;
  cols: number;
  data: Float32Array;
}

/**
 * `threads`: onnxruntime's threads for the product (the calling one among them). A product of a few milliseconds
 * (a batch of photos projected) costs about half the CPU on one thread: a second one mostly waits for its share.
 */
export async function matmul(a: Mat, b: Mat, threads = 2): Promise<Mat> {
  if (a.cols !== b.rows) throw new Error(`matmul: ${a.rows}x${a.cols} by ${b.rows}x${b.cols}`);
  const s = await getSession(threads);
  const out = await s.run({
    A: new ort.Tensor('float32', a.data, [a.rows, a.cols]),
    B: new ort.Tensor('float32', b.data, [b.rows, b.cols]),
  });
  return { rows: a.rows, cols: b.cols, data: out.C.data as Float32Array };
}

export function transpose(a: Mat): Mat {
  const out = new Float32Array(a.data.length);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) out[j * a.rows + i] = a.data[i * a.cols + j];
  }
  return { rows: a.cols, cols: a.rows, data: out };
}
