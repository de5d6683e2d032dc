// A small writer for ONNX graphs on top of the onnx-proto protobuf classes: nodes, initializers,
// graph inputs/outputs with symbolic dims, serialised to the bytes of a .onnx file.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type AttrValue = number | string | number[] | { float: number } | { floats: number[] };

/** Symbolic dims are strings (dim_param), fixed dims numbers. */
export type Dim = number | string;

export type ElemType = 'float32' | 'int64' | 'int32' | 'uint8';

const ELEM_TYPES: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  uint8: onnx.TensorProto.DataType.UINT8,
};

export class OnnxGraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly usedNames = new Set<string>();
  private readonly opCounts = new Map<string, number>();

  /** A tensor name not used yet in this graph, derived from `base` (reserved when a node or initializer takes it). */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.usedNames.has(name); i++) name = `${base}_${i}`;
    return name;
  }

  private reserve(name: string): void {
    if (this.usedNames.has(name)) throw new Error(`tensor name ${name} used twice`);
    this.usedNames.add(name);
  }

  hasName(name: string): boolean {
    return this.usedNames.has(name);
  }

  /** Adds one node; returns its (single) output name. Integer-valued attrs are INT(S), floats must be tagged. */
  node(opType: string, inputs: string[], output: string, attrs: Record<string, AttrValue> = {}, name?: string): string {
    this.reserve(output);
    this.opCounts.set(opType, (this.opCounts.get(opType) ?? 0) + 1);
    this.nodes.push(onnx.NodeProto.create({
      opType,
      input: inputs,
      output: [output],
      name: name ?? output,
      attribute: Object.entries(attrs).map(([key, v]) => encodeAttr(key, v)),
    }));
    return output;
  }

  initializer(name: string, type: ElemType, dims: number[], values: ArrayLike<number>): string {
    this.reserve(name);
    const count = dims.reduce((a, b) => a * b, 1);
    if (values.length !== count) throw new Error(`initializer ${name}: ${values.length} values for dims [${dims.join(',')}]`);
    let raw: Uint8Array;
    if (type === 'float32') raw = new Uint8Array(Float32Array.from(values).buffer);
    else if (type === 'int32') raw = new Uint8Array(Int32Array.from(values).buffer);
    else if (type === 'uint8') raw = Uint8Array.from(values);
    else raw = new Uint8Array(BigInt64Array.from(Array.from(values, (v) => BigInt(v))).buffer);
    this.initializers.push(onnx.TensorProto.create({ name, dataType: ELEM_TYPES[type], dims, rawData: raw }));
    return name;
  }

  input(name: string, type: ElemType, dims: Dim[]): void {
    this.reserve(name);
    this.inputs.push(valueInfo(name, type, dims));
  }

  output(name: string, type: ElemType, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** How many nodes of each ONNX op type the graph holds. */
  census(): [string, number][] {
    return [...this.opCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  serialize(opts: { graphName: string; opset: number; producer: string; docString?: string; metadata?: Record<string, string> }): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: opts.graphName,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: opts.opset })],
      producerName: opts.producer,
      docString: opts.docString ?? '',
      graph,
      metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, type: ElemType, dims: Dim[]): InstanceType<typeof onnx.ValueInfoProto> {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: ELEM_TYPES[type],
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) => (typeof d === 'number'
            ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
            : onnx.TensorShapeProto.Dimension.create({ dimParam: d }))),
        }),
      }),
    }),
  });
}

function encodeAttr(name: string, v: AttrValue): InstanceType<typeof onnx.AttributeProto> {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: tag float values as { float }`);
    return onnx.AttributeProto.create({ name, type: T.INT, i: v });
  }
  if (typeof v === 'string') return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(v) });
  if (Array.isArray(v)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: v });
  if ('float' in v) return onnx.AttributeProto.create({ name, type: T.FLOAT, f: v.float });
  return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: v.floats });
}
