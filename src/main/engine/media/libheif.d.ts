// libheif-js ships types for its raw bindings only; this is the part of its JavaScript API Loupe's HEIC thread uses.
declare module 'libheif-js/libheif-wasm/libheif.js' {
  interface HeifError { code?: unknown; message?: string }
  interface HeifChannel { /** an enum value (embind: one object per value) */ id: unknown; width: number; height: number; stride: number; /** a view of the WebAssembly memory */ data: Uint8Array }
  interface DecodedHeifImage extends HeifError { channels?: HeifChannel[]; image?: unknown }
  interface HeifImage {
    readonly handle: unknown;
    get_width(): number;
    get_height(): number;
    has_alpha_channel(): boolean;
    free(): void;
  }
  interface HeifDecoder {
    /** parses the container (no pixel is decoded); empty, with a console.log saying why, when it cannot */
    decode(bytes: Uint8Array): HeifImage[];
    readonly decoder: { delete(): void } | null;
  }
  interface LibHeif {
    ready: Promise<unknown> | undefined;
    HEAPU8: Uint8Array;
    HeifDecoder: new () => HeifDecoder;
    heif_js_decode_image2(handle: unknown, colorspace: unknown, chroma: unknown): Promise<DecodedHeifImage>;
    heif_image_release(image: unknown): void;
    heif_colorspace: { heif_colorspace_RGB: unknown };
    heif_chroma: { heif_chroma_interleaved_RGB: unknown; heif_chroma_interleaved_RGBA: unknown };
    heif_channel: { heif_channel_interleaved: unknown };
  }
  /** Emscripten's module options: `instantiateWasm` instantiates the WebAssembly itself, synchronously here (this
   *  build's glue reads the exports as soon as the hook returns); `onRuntimeInitialized` once the bindings are ready */
  interface ModuleOptions {
    instantiateWasm?: (imports: WebAssembly.Imports, receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => unknown) => unknown;
    onRuntimeInitialized?: () => void;
  }
  export type { LibHeif };
  const factory: (options: ModuleOptions) => LibHeif;
  export default factory;
}

/** The same glue with its WebAssembly inlined and instantiated on import (tests decode with it in their own thread). */
declare module 'libheif-js/wasm-bundle.js' {
  const libheif: import('libheif-js/libheif-wasm/libheif.js').LibHeif;
  export default libheif;
}
