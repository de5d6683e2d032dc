// Node has the WebAssembly global, but the ES library the engine type-checks with (no DOM) does not declare it:
// the part the HEIC decoder uses to compile libheif once and instantiate it in each of its threads (heic-decoder.ts).
declare namespace WebAssembly {
  type Imports = Record<string, Record<string, unknown>>;
  interface Instance { readonly exports: Record<string, unknown> }
  const Instance: new (module: Module, imports?: Imports) => Instance;
  function compile(bytes: Uint8Array): Promise<Module>;
}
