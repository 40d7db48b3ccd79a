// Declaration of dist/inline-wasm.js, which scripts/inline-wasm.mjs generates from the built .wasm at build time
// (a build product, so not a checked-in source file; tsc resolves src/inline.ts's import to this declaration).
/** The release build/implicit-reg.wasm, base64. */
export declare const wasmBase64: string;
/** The FMA release wasm, base64. */
export declare const wasmFmaBase64: string;
