// Declaration of the module scripts/inline-wasm.mjs generates into dist/ at build time (the wasm is built after
// nothing else in src/, so it cannot be a checked-in source file).
/** The release build/implicit-reg.wasm, base64. */
export declare const wasmBase64: string;
