// Web-platform globals that every runtime the core runs in has (browsers, workers, Node), declared for the core's
// own type check, which compiles without the DOM library so that nothing else of the DOM can creep in.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
