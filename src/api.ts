// Everything the package exports apart from the platform-specific loaders.
export { ImplicitRegError } from './errors.js';
export { matrix, identity, fromRows, transpose, frobenius, type Matrix } from './matrix.js';
export { Kernels, type Eigh, type EighOptions, type Rk45Options, type Rk45Result, type Rk45Status, type Rk45System } from './kernels.js';
export { Heap, Scratch, type RawExports } from './heap.js';
export { asymmetry, SYMMETRY_TOL } from './validate.js';
