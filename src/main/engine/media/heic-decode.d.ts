// heic-decode ships no types; this is the part of its API Loupe uses.
declare module 'heic-decode' {
  interface DecodedImage {
    width: number;
    height: number;
    /** interleaved RGBA */
    data: Uint8ClampedArray;
  }
  interface LazyImage {
    width: number;
    height: number;
    decode(): Promise<DecodedImage>;
  }
  type LazyImages = LazyImage[] & { dispose(): void };
  interface HeicDecode {
    (input: { buffer: ArrayBufferLike | Uint8Array }): Promise<DecodedImage>;
    all(input: { buffer: ArrayBufferLike | Uint8Array }): Promise<LazyImages>;
  }
  const decode: HeicDecode;
  export default decode;
}
