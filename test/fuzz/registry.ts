// The fuzz registry: for every export of the Node entry (functions, classes, the methods of Kernels), the pure
// browser-entry exports and the runner subpath, how to build a valid baseline call deterministically from a seed, and
// the argument paths that the suite mutates with their kinds (test/fuzz/kinds.ts). A path is a list of keys into
// the argument array: [1, 'maxIter'] is the `maxIter` field of the second argument.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { Kind } from './kinds.js';

export type Path = (string | number)[];

export interface Param {
  path: Path;
  kind: Kind;
  /** The word the error message must contain (default: the last string key of the path). */
  name: string;
}

export interface Ctx {
  lib: any;
  runner: any;
  ir: any;
  seed: number;
  tmp: string;
}

export interface Probe {
  name: string;
  /** The arguments of a valid call. */
  build(c: Ctx): any[];
  /** Make the call (default: lib[name](...args)); may be async. */
  call?(c: Ctx, args: any[]): any;
  params: Param[];
  /** A non-finite number at this place of the result is documented (e.g. an SDP value NaN with status 'infeasible'). */
  nonfiniteOk?(path: string, result: any): boolean;
}

const p = (path: Path, kind: Kind, name?: string): Param => ({ path, kind, name: name ?? String([...path].reverse().find((k) => typeof k === 'string')) });

// kinds used over and over
const count = (min: number, safe: number[] = [], huge: number[] = []): Kind => ({ t: 'num', spec: { integer: true, min, max: 2 ** 31 - 1 }, safe: [min, ...safe], huge });
const pos = (safe: number[] = [1e-300, 1e300]): Kind => ({ t: 'num', spec: { gt: 0 }, safe });
const tol = (safe: number[] = [0, 1e-300]): Kind => ({ t: 'num', spec: { min: 0 }, safe });
const real = (safe: number[] = [0, -1, 1e300, -1e300, 5e-324]): Kind => ({ t: 'num', spec: {}, safe });
const budget: Kind = { t: 'num', spec: { gt: 0, infinite: true }, safe: [Infinity, 1e-9] };
const SEED: Kind = { t: 'seed' };
const BOOL: Kind = { t: 'bool' };
const OPTS: Kind = { t: 'options', required: false };
const OPTS_REQ: Kind = { t: 'options', required: true };
const MAT: Kind = { t: 'matrix' };
const SYM: Kind = { t: 'matrix', sym: true };
const VEC: Kind = { t: 'vector', fixedLength: true };
const OBJ: Kind = { t: 'object' };
const FN: Kind = { t: 'fn' };
const SIGNAL: Kind = { t: 'signal' };

// the RunControl fields of an options argument at index i
const control = (i: number): Param[] => [p([i, 'timeBudget'], budget), p([i, 'signal'], SIGNAL), p([i, 'onProgress'], FN)];
// the stop rule of the solvers on L(U)
const stop = (i: number): Param[] => [p([i, 'ltol'], tol()), p([i, 'gtol'], tol()), p([i, 'fitTol'], { t: 'num', spec: { min: 0, lt: 1 }, safe: [0, 0.5] })];

// a small seeded sensing problem
function problem(c: Ctx, n = 4, m = 8) {
  const op = c.lib.gaussianSensing({ n, m, seed: c.seed });
  const { X } = c.lib.lowRankPSD({ n, r: 1, seed: c.seed + 1 });
  return { op, y: c.lib.measure(op, X), X };
}
function completionProblem(c: Ctx, n = 4, m = 7) {
  const op = c.lib.uniformCompletion({ n, m, seed: c.seed });
  const { X } = c.lib.lowRankPSD({ n, r: 1, seed: c.seed + 1 });
  return { op, y: c.lib.measure(op, X), X };
}
function symMatrix(c: Ctx, n: number) {
  const g = c.lib.gaussianMatrix(new c.lib.Rng(c.seed), n, n);
  const a = c.lib.matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.data[i * n + j] = g.data[i * n + j] + g.data[j * n + i];
  return a;
}
const gauss = (c: Ctx, r: number, k: number, s = 0) => c.lib.gaussianMatrix(new c.lib.Rng(c.seed + s), r, k);
// a chunk directory holding the one chunk of the job { alphas: [1e-3] } on instances [0, 4)
function mergeFixture(c: Ctx): string {
  const dir = `${c.tmp}/merge-${c.seed}`;
  new c.runner.ChunkDir(dir, c.runner.gridSpec({ options: { alphas: [1e-3] }, to: 4 })).open().put(0, new Float64Array(4 * 8));
  return dir;
}
const ratingsText = (c: Ctx) => c.lib.syntheticRatings({ users: 6, items: 5, perUser: 3, seed: c.seed });
// the census: a tiny 4×4 census (k = 4, one α) and four of its instances whose flows run (ids 4006 … 4009, ~10 ms)
const CEN_LO = 1511; // censusRange(census(c)) for n = 4, the five default values, k = [4], orbit masks
const CEN_HI = 12136;
const CEN_END = 16_818_386; // censusLayout(4, 5, 'orbits').end: ids past it decode nothing
const CEN_START = 4006;
// (maxSteps 1e5: with method 'dopri' a flow of these instances runs into the cap in ~0.1 s instead of ~10 s at 1e7)
const census = (c: Ctx) => ({ n: 4, k: [4], alphas: [1e-3], seed: c.seed, maxSteps: 100_000 });
const censusRecords = (c: Ctx) => c.lib.runCensus(c.ir, CEN_START, 4, census(c));
const censusTally = (c: Ctx) => c.lib.tallyRecords(census(c), CEN_START, censusRecords(c));
// a census job spec over the four instances, one instance per chunk
const censusSpec = (c: Ctx) => c.runner.gridSpec({ grid: 'census', options: census(c), from: CEN_START, to: CEN_START + 4, chunk: 1 });
// a chunk directory holding every chunk of censusSpec (their tallies)
function censusChunks(c: Ctx): string {
  const dir = `${c.tmp}/census-merge-${c.seed}`;
  const spec = censusSpec(c);
  const store = new c.runner.ChunkDir(dir, spec).open();
  for (let s = CEN_START; s < CEN_START + 4; s++) if (!store.has(s)) store.put(s, c.lib.tallyRecords(spec.options, s, c.lib.runCensus(c.ir, s, 1, spec.options)));
  return dir;
}
const ORDER: Kind = { t: 'num', spec: { integer: true, min: 1, max: 5 }, safe: [4, 5] };
const censusShapeParams = (i: number): Param[] => [p([i], OPTS_REQ, 'options'), p([i, 'n'], { t: 'enum', values: [3, 4] }), p([i, 'values'], { t: 'numlist', spec: {} }),
  p([i, 'k'], { t: 'numlist', spec: { integer: true, min: 1, max: 6 } }), p([i, 'masks'], { t: 'enum', values: ['orbits', 'all'] })];
// the options of a census's flows and its SDP (not those that move its ids: n, values, k, masks)
const censusRunParams = (i: number): Param[] => [p([i], OPTS_REQ, 'options'), p([i, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([i, 'seed'], { t: 'seed', optional: true }),
  p([i, 'sdpTol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5, 1e-300] }), p([i, 'sdpMaxIter'], count(1, [1])), p([i, 'gtol'], tol()), p([i, 'ltol'], tol()),
  p([i, 'fitTol'], { t: 'num', spec: { min: 0, lt: 1 }, safe: [0, 0.5] }), p([i, 'qtol'], { t: 'num', spec: { min: 0, lt: 1 }, safe: [0] }), p([i, 'method'], { t: 'enum', values: ['auto', 'dopri'] }),
  p([i, 'tMax'], pos([1e-300])), p([i, 'rtol'], pos([1e-3])), p([i, 'atol'], pos([1e-300])), p([i, 'maxSteps'], count(1, [1], [2 ** 31 - 1]))];
const belabbasOp = (c: Ctx) => c.lib.psdMeasurements({ n: 4, ranks: [2, 2], spectrum: [1, 1, 1, 2], seed: c.seed });

const method = (m: string) => (c: Ctx, a: any[]) => c.ir[m](...a);
const gdInit = (c: Ctx) => ({ kind: 'gaussian', scale: 1e-2, seed: c.seed });
const SOLVER_BUDGET = 2000;

const initParams = (i: number, key = 'init'): Param[] => [
  p([i, key], { t: 'options', required: true }),
  p([i, key, 'kind'], { t: 'enum', values: ['gaussian'] }),
  p([i, key, 'scale'], tol([1e-300, 1e100])),
  p([i, key, 'seed'], SEED),
  p([i, key, 'rank'], count(1, [2], [2 ** 31 - 1])),
];

export const PROBES: Probe[] = [
  // ---------------------------------------------------------------- core
  { name: 'matrix', build: () => [3, 2, [1, 2, 3, 4, 5, 6]], nonfiniteOk: () => true, params: [p([0], count(0, [1], [1e5, 2 ** 31 - 1]), 'rows'), p([1], count(0, [1], [1e5]), 'cols'), p([2], { t: 'vector', fixedLength: true, nonfiniteOk: true }, 'data')] },
  { name: 'identity', build: () => [3], params: [p([0], count(0, [1], [1e5]), 'n')] },
  { name: 'fromRows', build: () => [[[1, 2], [3, 4]]], nonfiniteOk: () => true, params: [p([0], { t: 'string' }, 'rows'), p([0, 1], { t: 'vector', fixedLength: true, nonfiniteOk: true, noScale: true }, 'row')] },
  { name: 'transpose', build: (c) => [gauss(c, 2, 3)], nonfiniteOk: () => true, params: [p([0], { t: 'matrix', emptyOk: true, nonfiniteOk: true, anyShape: true }, 'a')] },
  { name: 'frobenius', build: (c) => [gauss(c, 2, 3)], params: [p([0], { t: 'matrix', emptyOk: true, anyShape: true }, 'a')] },
  { name: 'asymmetry', build: (c) => [symMatrix(c, 3)], params: [p([0], { t: 'matrix', emptyOk: true }, 'a')] },
  { name: 'checkSeed', build: (c) => ['f', 'seed', c.seed], params: [p([2], SEED, 'seed')] },
  { name: 'Rng', build: (c) => [c.seed], call: (c, a) => new c.lib.Rng(...a).uniform(), params: [p([0], SEED, 'seed')] },
  { name: 'Rng.fromState', build: () => [[1, 2, 3, 4]], call: (c, a) => c.lib.Rng.fromState(...a).nextU32(), params: [p([0], OBJ, 'state'), p([0, 2], { t: 'num', spec: { integer: true, min: 0, max: 2 ** 32 - 1 }, safe: [0, 2 ** 32 - 1] }, 'state')] },
  { name: 'Rng.uniformIn', build: () => [0, 1], call: (c, a) => new c.lib.Rng(c.seed).uniformIn(...a), params: [p([0], { t: 'num', spec: { max: 1 }, safe: [0, -1e300] }, 'a'), p([1], { t: 'num', spec: { min: 0 }, safe: [1e300] }, 'b')] },
  { name: 'Rng.int', build: () => [10], call: (c, a) => new c.lib.Rng(c.seed).int(...a), params: [p([0], { t: 'num', spec: { integer: true, min: 1, max: 2 ** 53 }, safe: [1, 2 ** 53] }, 'n')] },
  { name: 'Rng.sampleWithoutReplacement', build: () => [10, 3], call: (c, a) => new c.lib.Rng(c.seed).sampleWithoutReplacement(...a), params: [p([0], { t: 'num', spec: { integer: true, min: 3, max: 2 ** 53 }, safe: [3, 2 ** 53] }, 'n'), p([1], { t: 'num', spec: { integer: true, min: 0, max: 10 }, safe: [0, 10] }, 'k')] },
  { name: 'Rng.fork', build: () => [3], call: (c, a) => new c.lib.Rng(c.seed).fork(...a).uniform(), params: [p([0], { t: 'num', spec: { integer: true, min: 0, max: 2 ** 53 - 1 }, safe: [0, 2 ** 53 - 1] }, 'label')] },
  { name: 'gaussianMatrix', build: (c) => [new c.lib.Rng(c.seed), 3, 2], params: [p([0], OBJ, 'rng'), p([1], count(0, [1], [1e5]), 'rows'), p([2], count(0, [1], [1e5]), 'cols')] },
  { name: 'randomOrthogonal', build: (c) => [new c.lib.Rng(c.seed), 4, 2], params: [p([0], OBJ, 'rng'), p([1], count(1, [2], [1e5]), 'n'), p([2], count(1, [2]), 'cols')] },

  // ---------------------------------------------------------------- loaders and classes
  { name: 'init', build: () => [{}], call: (c, a) => c.lib.init(...a).then((k: any) => k.dot([1], [2])), params: [p([0], OPTS, 'options'), p([0, 'build'], { t: 'enum', values: ['release', 'debug'] }), p([0, 'source'], { t: 'object', undefinedOk: true }, 'source')] },
  { name: 'initSync', build: () => [], call: (c, a) => c.lib.initSync(...a).dot([1], [2]), params: [p([0], { t: 'object', undefinedOk: true }, 'source')] },
  { name: 'initSync(bytes)', build: () => [new Uint8Array(8)], call: (c, a) => c.lib.initSync(...a), params: [] },
  { name: 'wasmModule', build: () => [{}], call: (c, a) => c.lib.wasmModule(...a).then((m: any) => m instanceof WebAssembly.Module), params: [p([0], OPTS, 'options'), p([0, 'build'], { t: 'enum', values: ['release', 'debug'] })] },
  { name: 'Kernels', build: () => [], call: (c, a) => new c.lib.Kernels(a.length ? a[0] : { raw: c.ir.raw, hooks: { tick: () => 0 } }).dot([1], [2]), params: [p([0], OBJ, 'instance')] },
  { name: 'Scratch', build: (c) => [c.ir.heap], call: (c, a) => new c.lib.Scratch(...a).take(4) > 0, params: [p([0], OBJ, 'heap')] },
  { name: 'ImplicitRegError', build: () => ['value', 'f: argument x must be 1, got 2'], call: (c, a) => new c.lib.ImplicitRegError(...a).code, params: [] },
  { name: 'checkRatings', build: (c) => ['f', 'r', c.lib.parseRatings(ratingsText(c))], params: [p([2], OBJ, 'r'), p([2, 'count'], count(0), 'count'), p([2, 'user'], OBJ, 'user')] },

  // ---------------------------------------------------------------- kernels (methods of Kernels)
  { name: 'Kernels.matmul', build: (c) => [gauss(c, 3, 4), gauss(c, 4, 2, 1), {}], call: method('matmul'), params: [p([0], MAT, 'a'), p([1], MAT, 'b'), p([2], OPTS, 'opts'), p([2, 'transA'], BOOL), p([2, 'transB'], BOOL), p([2, 'out'], MAT)] },
  { name: 'Kernels.gemv', build: (c) => [gauss(c, 3, 4), [1, 2, 3, 4], {}], call: method('gemv'), params: [p([0], MAT, 'a'), p([1], VEC, 'x'), p([2], OPTS, 'opts'), p([2, 'trans'], BOOL), p([2, 'out'], VEC)] },
  { name: 'Kernels.syrk', build: (c) => [gauss(c, 3, 4), {}], call: method('syrk'), params: [p([0], { t: 'matrix', anyShape: true }, 'u'), p([1], OPTS, 'opts'), p([1, 'trans'], BOOL), p([1, 'out'], MAT)] },
  { name: 'Kernels.dot', build: () => [[1, 2, 3], [4, 5, 6]], call: method('dot'), params: [p([0], { t: 'vector' }, 'x'), p([1], VEC, 'y')] },
  { name: 'Kernels.axpy', build: () => [2, [1, 2, 3], new Float64Array([4, 5, 6])], call: method('axpy'), params: [p([0], real([0, 1e300]), 'alpha'), p([1], VEC, 'x'), p([2], VEC, 'y')] },
  { name: 'Kernels.eigh', build: (c) => [symMatrix(c, 4), {}], call: method('eigh'), params: [p([0], SYM, 'a'), p([1], OPTS, 'opts'), p([1, 'maxSweeps'], count(1, [1, 100])), p([1, 'warmStart'], MAT)] },
  { name: 'Kernels.eighBatch', build: (c) => [3, Float64Array.from([...symMatrix(c, 3).data, ...symMatrix({ ...c, seed: c.seed + 1 }, 3).data]), {}], call: method('eighBatch'), params: [p([0], count(1, [], [1e5]), 'n'), p([1], { t: 'vector' }, 'data'), p([2], OPTS, 'opts'), p([2, 'maxSweeps'], count(1, [100]))] },
  { name: 'Kernels.expm', build: (c) => [gauss(c, 4, 4)], call: method('expm'), params: [p([0], { t: 'matrix' }, 'a'), p([1], MAT, 'out')] },
  { name: 'Kernels.expmBatch', build: (c) => [2, Float64Array.from([...gauss(c, 2, 2).data, ...gauss(c, 2, 2, 1).data])], call: method('expmBatch'), params: [p([0], count(1, [], [1e5]), 'n'), p([1], { t: 'vector' }, 'data')] },
  {
    name: 'Kernels.rk45', nonfiniteOk: (path, r) => r.status === 'nonFinite' && /^\.(fNorm|h)$/.test(path), build: () => [{ system: { kind: 'logistic', r: 1, K: 1 }, y0: [0.1, 0.2], t1: 2, tEval: [0.5, 1] }], call: method('rk45'),
    params: [p([0], OPTS_REQ, 'opts'), p([0, 'system'], OBJ), p([0, 'system', 'kind'], { t: 'enum', values: ['logistic', 'diagonal', 'linear'] }), p([0, 'system', 'r'], real([0, -1, 1e300])),
      p([0, 'system', 'K'], pos()), p([0, 'y0'], { t: 'vector' }), p([0, 't0'], real([0, -1e300])), p([0, 't1'], real([0, 1e300])), p([0, 'rtol'], pos([1e-300, 1])), p([0, 'atol'], pos([1e-300, 1e300])),
      p([0, 'h0'], pos([1e-300])), p([0, 'hMax'], pos([1e-300])), p([0, 'maxSteps'], count(1, [1, 10], [2 ** 31 - 1])), p([0, 'ftol'], tol()), p([0, 'tEval'], { t: 'vector', emptyOk: true, noScale: true })],
  },
  { name: 'Kernels.rk45Step', build: () => [{ kind: 'diagonal', lambda: [-1, 2] }, 0, [1, 2], 0.1], call: method('rk45Step'), params: [p([0], OBJ, 'system'), p([0, 'lambda'], VEC), p([1], real([0, 1e300]), 't'), p([2], { t: 'vector' }, 'y'), p([3], pos([1e-300]), 'h')] },
  { name: 'Kernels.rk45Tableau', build: () => [], call: method('rk45Tableau'), params: [] },
  { name: 'Heap', build: (c) => [c.ir.raw], call: (c, a) => new c.lib.Heap(...a).byteLength, params: [p([0], OBJ, 'raw')] },
  { name: 'Heap.alloc', build: () => [16], call: (c, a) => { const q = c.ir.heap.alloc(...a); c.ir.heap.free(q); return q > 0; }, params: [p([0], count(0, [1], [2 ** 31 - 1, 1e12]), 'doubles')] },
  { name: 'Scratch.take', build: () => [16], call: (c, a) => new c.lib.Scratch(c.ir.heap).take(...a) > 0, params: [p([0], count(0, [1], [2 ** 31 - 1, 1e12]), 'doubles')] },

  // ---------------------------------------------------------------- plain kernels
  { name: 'matmulPlain', build: (c) => [gauss(c, 3, 4), gauss(c, 4, 2, 1)], params: [p([0], MAT, 'a'), p([1], MAT, 'b'), p([2], MAT, 'out')] },
  { name: 'eighPlain', build: (c) => [symMatrix(c, 4)], params: [p([0], SYM, 'a'), p([1], count(1, [100]), 'maxSweeps')] },
  { name: 'expmPlain', build: (c) => [gauss(c, 3, 3)], params: [p([0], MAT, 'a')] },
  { name: 'rk45Plain', nonfiniteOk: (path, r) => r.status === 'nonFinite' && /^\.(fNorm|h)$/.test(path), build: () => [(t: number, y: Float64Array, dy: Float64Array) => { for (let i = 0; i < y.length; i++) dy[i] = -y[i]; }, [1, 2], 0, 1, {}], params: [p([0], FN, 'f'), p([1], { t: 'vector' }, 'y0'), p([2], real([-1e300]), 't0'), p([3], real([1e300]), 't1'), p([4], OPTS, 'opts'), p([4, 'rtol'], pos([1e-300, 1])), p([4, 'atol'], pos([1e-300])), p([4, 'maxSteps'], count(1, [1], [2 ** 31 - 1])), p([4, 'h0'], pos([1e-300])), p([4, 'hMax'], pos([1e-300]))] },

  // ---------------------------------------------------------------- operators
  { name: 'OperatorHandle', build: (c) => [c.ir, problem(c).op], call: (c, a) => { const h = new c.lib.OperatorHandle(...a); h.free(); return h.n; }, params: [p([1], OBJ, 'op'), p([1, 'kind'], { t: 'enum', values: ['dense'] }), p([1, 'n'], count(1)), p([1, 'm'], count(1)), p([1, 'packed'], { t: 'vector', fixedLength: true, noScale: true })] },
  { name: 'applyOperator', build: (c) => { const q = problem(c); return [c.ir, q.op, q.X]; }, params: [p([1], OBJ, 'op'), p([2], SYM, 'X')] },
  { name: 'adjointOperator', build: (c) => { const q = problem(c); return [c.ir, q.op, q.y]; }, params: [p([1], OBJ, 'op'), p([2], VEC, 'r')] },
  { name: 'gramOperator', build: (c) => [c.ir, completionProblem(c).op], params: [p([1], OBJ, 'op'), p([1, 'rows'], OBJ), p([1, 'n'], count(1, [], [2 ** 31 - 1]))] },
  { name: 'lossAndGradient', build: (c) => { const q = problem(c); return [c.ir, q.op, q.y, gauss(c, 4, 2, 3)]; }, params: [p([1], OBJ, 'op'), p([2], VEC, 'y'), p([3], MAT, 'U')] },
  { name: 'checkOperator', build: (c) => ['f', problem(c).op], params: [p([1], OBJ, 'op'), p([1, 'kind'], { t: 'enum', values: ['dense'] }), p([1, 'n'], count(1, [], [2 ** 31 - 1])), p([1, 'm'], count(1, [], [2 ** 31 - 1]))] },
  { name: 'packSymmetric', build: (c) => [symMatrix(c, 3)], nonfiniteOk: () => true, params: [p([0], { t: 'matrix', emptyOk: true, nonfiniteOk: true }, 'x')] },
  { name: 'unpackSymmetric', build: () => [2, [1, 2, 3]], nonfiniteOk: () => true, params: [p([0], count(0, [], [1e5]), 'n'), p([1], { t: 'vector', fixedLength: true, nonfiniteOk: true }, 'p')] },
  { name: 'denseFromPacked', build: (c) => [problem(c).op, 1], params: [p([0], OBJ, 'op'), p([1], count(0, [7]), 'i')] },
  { name: 'lowRankPSD', build: (c) => [{ n: 5, r: 2, seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'n'], count(1, [], [1e5])), p([0, 'r'], count(1, [5])), p([0, 'seed'], SEED), p([0, 'normalize'], { t: 'enum', values: ['fro', 'trace'] })] },
  { name: 'lowNuclearNormPSD', build: (c) => [{ n: 6, seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'n'], count(1, [], [1e5])), p([0, 'seed'], SEED), p([0, 'decay'], real([0, 3])), p([0, 'r'], { t: 'num', spec: { min: 1 }, safe: [1, 2] })] },
  { name: 'gaussianSensing', build: (c) => [{ n: 4, m: 6, seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'n'], count(1, [], [1e5, 2 ** 31 - 1])), p([0, 'm'], count(1, [], [1e5])), p([0, 'seed'], SEED)] },
  { name: 'uniformCompletion', build: (c) => [{ n: 4, m: 6, seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'n'], count(1, [], [1e5])), p([0, 'm'], count(1, [10], [1e5])), p([0, 'seed'], SEED)] },
  { name: 'powerLawCompletion', build: (c) => [{ n: 4, m: 6, seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'n'], count(1, [], [1e5])), p([0, 'm'], count(1, [10], [1e5])), p([0, 'seed'], SEED), p([0, 'gamma'], real([0, 1e300, -1e300]))] },
  { name: 'commutingSensing', build: (c) => [{ n: 4, m: 3, seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'n'], count(1, [], [1e5])), p([0, 'm'], count(1, [], [1e5])), p([0, 'seed'], SEED)] },
  { name: 'psdMeasurements', build: (c) => [{ n: 4, ranks: [2, 2], spectrum: [1, 1, 1, 2], seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'n'], count(1, [], [1e5])), p([0, 'ranks'], { t: 'numlist', spec: { integer: true, min: 1 } }), p([0, 'spectrum'], { t: 'vector', fixedLength: true, positive: true }), p([0, 'seed'], SEED)] },
  { name: 'measure', build: (c) => { const q = problem(c); return [q.op, q.X]; }, params: [p([0], OBJ, 'op'), p([1], MAT, 'X')] },
  { name: 'adjoint', build: (c) => { const q = completionProblem(c); return [q.op, q.y]; }, params: [p([0], OBJ, 'op'), p([1], VEC, 'r')] },
  { name: 'liftAsymmetric', build: () => [{ kind: 'entry-asym', n1: 2, n2: 3, m: 2, rows: Int32Array.from([0, 1]), cols: Int32Array.from([2, 0]) }], params: [p([0], OBJ, 'op'), p([0, 'n1'], count(1, [], [2 ** 31 - 1])), p([0, 'n2'], count(1)), p([0, 'm'], count(1)), p([0, 'rows'], OBJ), p([0, 'kind'], { t: 'enum', values: ['entry-asym'] })] },
  { name: 'parseRatings', build: (c) => [ratingsText(c)], params: [p([0], { t: 'string', emptyOk: true }, 'text')] },
  { name: 'formatRatings', build: (c) => [c.lib.parseRatings(ratingsText(c))], params: [p([0], OBJ, 'r')] },
  { name: 'splitHeldOut', build: (c) => [c.lib.parseRatings(ratingsText(c)), { perUser: 1, seed: c.seed }], params: [p([0], OBJ, 'ratings'), p([1], OPTS_REQ, 'opts'), p([1, 'perUser'], count(0, [1], [2 ** 31 - 1])), p([1, 'seed'], SEED)] },
  { name: 'syntheticRatings', build: (c) => [{ users: 5, items: 4, perUser: 2, seed: c.seed }], params: [p([0], OPTS_REQ, 'opts'), p([0, 'users'], count(1, [], [1e9])), p([0, 'items'], count(1, [], [1e9])), p([0, 'perUser'], count(1)), p([0, 'seed'], SEED), p([0, 'rank'], count(1)), p([0, 'noise'], tol([0, 1e300]))] },
  { name: 'asymmetricCompletion', build: (c) => [c.lib.parseRatings(ratingsText(c))], params: [p([0], OBJ, 'ratings'), p([1], count(1, [], [2 ** 31 - 1]), 'n1'), p([2], count(1, [], [2 ** 31 - 1]), 'n2')] },

  // ---------------------------------------------------------------- solvers
  {
    name: 'factoredGD', build: (c) => { const q = problem(c); return [c.ir, { op: q.op, y: q.y, init: gdInit(c), eta: 0.05, maxIter: 200, timeBudget: SOLVER_BUDGET }]; },
    params: [p([1], OPTS_REQ, 'options'), p([1, 'op'], OBJ), p([1, 'y'], VEC), p([1, 'd'], count(1, [4])), p([1, 'eta'], pos([1e-300, 1e300])), p([1, 'els'], BOOL),
      p([1, 'maxIter'], count(0, [0, 1], [2 ** 31 - 2])), p([1, 'divergeLoss'], { t: 'num', spec: { gt: 0, infinite: true }, safe: [Infinity, 1e-300] }),
      p([1, 'record'], { t: 'enum', values: ['log'] }), ...initParams(1), ...stop(1), ...control(1)],
  },
  {
    name: 'timeOrderedExp', build: (c) => { const q = problem(c); return [c.ir, { op: q.op, y: q.y, init: gdInit(c), eta: 0.05, maxIter: 50, timeBudget: SOLVER_BUDGET }]; },
    params: [p([1], OPTS_REQ, 'options'), p([1, 'op'], OBJ), p([1, 'y'], VEC), p([1, 'd'], count(1)), p([1, 'eta'], pos([1e-300, 1e300])), p([1, 'maxIter'], count(0, [1], [2 ** 31 - 2])),
      p([1, 'divergeLoss'], { t: 'num', spec: { gt: 0, infinite: true }, safe: [Infinity] }), ...initParams(1), ...stop(1), ...control(1)],
  },
  {
    name: 'xSpaceGD', build: (c) => { const q = problem(c); return [c.ir, { op: q.op, y: q.y, eta: 0.05, maxIter: 200, timeBudget: SOLVER_BUDGET }]; },
    params: [p([1], OPTS_REQ, 'options'), p([1, 'op'], OBJ), p([1, 'y'], VEC), p([1, 'X0'], SYM), p([1, 'eta'], pos([1e-300, 1e300])), p([1, 'project'], BOOL), p([1, 'maxIter'], count(0, [1], [2 ** 31 - 2])),
      p([1, 'divergeLoss'], { t: 'num', spec: { gt: 0, infinite: true }, safe: [Infinity] }), ...stop(1), ...control(1)],
  },
  {
    name: 'gradientFlow', build: (c) => { const q = problem(c); return [c.ir, { op: q.op, y: q.y, init: gdInit(c), tMax: 50, timeBudget: SOLVER_BUDGET }]; },
    params: [p([1], OPTS_REQ, 'options'), p([1, 'op'], OBJ), p([1, 'y'], VEC), p([1, 'd'], count(1)), p([1, 'tMax'], pos([1e-300, 1e300])), p([1, 'rtol'], pos([1e-3])), p([1, 'atol'], pos([1e-300, 1])),
      p([1, 'maxSteps'], count(1, [1], [2 ** 31 - 1])), p([1, 'normControl'], BOOL), p([1, 'tEval'], { t: 'numlist', spec: { min: 0, max: 50 }, emptyOk: true }), ...initParams(1), ...stop(1), ...control(1)],
  },
  { name: 'initialFactor', build: (c) => [c.ir, 4, 2, gdInit(c)], params: [p([1], count(1, [], [2 ** 24 + 1]), 'n'), p([2], count(1, [4]), 'd'), ...initParams(3).slice(1).map((q) => ({ ...q, path: [3, ...q.path.slice(2)] })), p([3], OPTS_REQ, 'init')] },
  { name: 'initialFactor(identity)', build: (c) => [c.ir, 4, 2, { kind: 'identity', alpha: 0.1 }], call: (c, a) => c.lib.initialFactor(...a), params: [p([3, 'alpha'], real([0, 1e300]))] },
  { name: 'initialFactor(svd)', build: (c) => [c.ir, 4, 2, { kind: 'svd', X: problem(c).X }], call: (c, a) => c.lib.initialFactor(...a), params: [p([3, 'X'], SYM)] },
  { name: 'initialFactor(given)', build: (c) => [c.ir, 4, 2, { kind: 'given', U: gauss(c, 4, 2) }], call: (c, a) => c.lib.initialFactor(...a), params: [p([3, 'U'], MAT)] },
  { name: 'sampleIterations', build: () => [100, 'log'], params: [p([0], count(0, [], [2 ** 31 - 1]), 'maxIter'), p([1], { t: 'enum', values: ['log'] }, 'record'), p([1, 'every'], count(1, [], [2 ** 31 - 1]), 'every')] },
  { name: 'sampleIterations(every)', build: () => [100, { every: 10 }], call: (c, a) => c.lib.sampleIterations(...a), params: [p([1, 'every'], count(1, [], [2 ** 31 - 1]))] },
  { name: 'sampleIterations(list)', build: () => [100, [0, 5, 50]], call: (c, a) => c.lib.sampleIterations(...a), params: [p([1], { t: 'numlist', spec: { integer: true, min: 0, max: 2 ** 31 - 1 }, emptyOk: true }, 'record')] },
  {
    name: 'adaptiveRestarts', build: (c) => { const q = problem(c); return [c.ir, { op: q.op, y: q.y, eta: 0.02, K: 200, W: 20, tau: 0.998, r0: 4, rho0: 1, r: 1, seed: c.seed, timeBudget: SOLVER_BUDGET }]; },
    params: [p([1], OPTS_REQ, 'options'), p([1, 'op'], OBJ), p([1, 'y'], VEC), p([1, 'd'], count(1)), p([1, 'eta'], pos([1e-300, 1e300])), p([1, 'K'], count(1, [1], [2 ** 31 - 2])), p([1, 'W'], count(1, [1, 200])),
      p([1, 'tau'], pos([1e-300, 1e300])), p([1, 'r0'], count(1, [4])), p([1, 'rho0'], pos([1e-300, 1e100])), p([1, 'deltaRank'], count(0, [0, 100])), p([1, 'factor'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5, 1e-300] }),
      p([1, 'r'], count(1, [4])), p([1, 'seed'], SEED), p([1, 'onWindow'], FN), ...control(1)],
  },
  { name: 'windowRatio', build: () => [[4, 3, 2.5]], params: [p([0], { t: 'vector', emptyOk: true }, 'losses')] },
  { name: 'restartRule', build: () => [0.5, { rho0: 1, r0: 4 }, { tau: 0.9, factor: 0.5, deltaRank: 1, r: 1 }], params: [p([0], tol([0, 1e300]), 'ratio'), p([1], OPTS_REQ, 'state'), p([1, 'rho0'], pos()), p([1, 'r0'], count(1)), p([2], OPTS_REQ, 'p'), p([2, 'tau'], pos()), p([2, 'factor'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] }), p([2, 'deltaRank'], count(0)), p([2, 'r'], count(1))] },
  {
    name: 'asymmetricGD', build: (c) => {
      const op = { kind: 'entry-asym', n1: 3, n2: 2, m: 4, rows: Int32Array.from([0, 1, 2, 0]), cols: Int32Array.from([0, 1, 0, 1]) };
      return [c.ir, { op, y: [1, 0.5, -0.3, 0.2], init: gdInit(c), eta: 0.05, maxIter: 200, timeBudget: SOLVER_BUDGET }];
    },
    params: [p([1], OPTS_REQ, 'options'), p([1, 'op'], OBJ), p([1, 'op', 'n1'], count(1)), p([1, 'y'], VEC), p([1, 'd'], count(1, [2])), p([1, 'eta'], pos([1e-300, 1e300])), p([1, 'maxIter'], count(0, [1], [2 ** 31 - 2])), ...initParams(1), ...stop(1), ...control(1)],
  },

  // ---------------------------------------------------------------- SDP
  {
    name: 'solveSDP', build: (c) => { const q = problem(c, 3, 3); return [c.ir, { C: c.lib.identity(3), A: q.op, y: q.y }, { maxIter: 5000, timeBudget: SOLVER_BUDGET }]; },
    params: [p([1], OPTS_REQ, 'p'), p([1, 'C'], SYM), p([1, 'A'], OBJ), p([1, 'y'], VEC), p([1, 'sense'], { t: 'enum', values: ['min', 'max'] }), p([2], OPTS, 'options'),
      p([2, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5, 1e-300] }), p([2, 'maxIter'], count(0, [1, 0], [2 ** 31 - 1])), p([2, 'mu'], pos([1e-300, 1e300])), p([2, 'checkEvery'], count(0, [0, 1])), ...control(2)],
    nonfiniteOk: (path, r) => /^\.(value|certificate\.relativeGap|certificate\.primalResidual)$/.test(path) && /nfeasible|unbounded/.test(r.status),
  },
  {
    name: 'minNuclearNorm', build: (c) => { const q = completionProblem(c, 4, 6); return [c.ir, { A: q.op, y: q.y }, { timeBudget: SOLVER_BUDGET }]; },
    params: [p([1], OPTS_REQ, 'p'), p([1, 'A'], OBJ), p([1, 'y'], VEC), p([2], OPTS, 'options'), p([2, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] }), p([2, 'maxIter'], count(0, [1], [2 ** 31 - 1])), ...control(2)],
    nonfiniteOk: (path, r) => /^\.(value|certificate\.relativeGap|certificate\.primalResidual)$/.test(path) && /nfeasible|unbounded/.test(r.status),
  },
  {
    name: 'minNuclearNormAsym', build: (c) => [c.ir, { A: { kind: 'entry-asym', n1: 2, n2: 3, m: 3, rows: Int32Array.from([0, 1, 0]), cols: Int32Array.from([0, 1, 2]) }, y: [1, 2, 0.5] }, { timeBudget: SOLVER_BUDGET }],
    params: [p([1], OPTS_REQ, 'p'), p([1, 'A'], OBJ), p([1, 'A', 'n1'], count(1)), p([1, 'y'], VEC), p([2], OPTS, 'options'), p([2, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] }), p([2, 'mu'], pos([1e-300, 1e300])), ...control(2)],
    nonfiniteOk: (path, r) => /^\.(value|certificate\.relativeGap|certificate\.primalResidual)$/.test(path) && /nfeasible|unbounded/.test(r.status),
  },
  {
    name: 'solveLP', build: () => [{ D: { rows: 1, cols: 2, data: Float64Array.from([1, 2]) }, y: [2] }, { timeBudget: SOLVER_BUDGET }],
    params: [p([0], OPTS_REQ, 'p'), p([0, 'D'], MAT), p([0, 'y'], VEC), p([0, 'c'], VEC), p([1], OPTS, 'options'), p([1, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] }), p([1, 'checkEvery'], count(0, [0])), ...control(1)],
    call: (c, a) => c.lib.solveLP(c.ir, ...a),
    nonfiniteOk: (path, r) => /^\.(value|certificate\.relativeGap|certificate\.primalResidual)$/.test(path) && /nfeasible|unbounded/.test(r.status),
  },

  // ---------------------------------------------------------------- grid
  { name: 'completion3', build: () => [[0, 1, 2, 3], [1, 0.5, 0.2, 0.1]], params: [p([0], { t: 'numlist', spec: { integer: true, min: 0, max: 5 } }, 'observed'), p([1], { t: 'vector', fixedLength: true }, 'values')] },
  { name: 'gridInstance', build: () => [12345], params: [p([0], count(0, [149_999]), 'id')] },
  { name: 'gridDefaults', build: () => [{ alphas: [1e-3] }], params: [p([0], OPTS_REQ, 'o'), p([0, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([0, 'seed'], { t: 'seed', optional: true }), p([0, 'gtol'], tol()), p([0, 'ltol'], tol()), p([0, 'tMax'], pos()), p([0, 'rtol'], pos([1e-3])), p([0, 'atol'], pos()), p([0, 'maxSteps'], count(1, [], [2 ** 31 - 1]))] },
  {
    name: 'runGrid3', build: () => [0, 2, { alphas: [1e-3], timeBudget: SOLVER_BUDGET }], call: (c, a) => c.lib.runGrid3(c.ir, ...a),
    params: [p([0], count(0, [149_998]), 'start'), p([1], count(0, [0]), 'count'), p([2], OPTS_REQ, 'opts'), p([2, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([2, 'seed'], { t: 'seed', optional: true }), p([2, 'gtol'], tol()), p([2, 'ltol'], tol()),
      p([2, 'tMax'], pos([1e-300])), p([2, 'rtol'], pos([1e-3])), p([2, 'atol'], pos([1e-300])), p([2, 'maxSteps'], count(1, [1], [2 ** 31 - 1])), ...control(2)],
    nonfiniteOk: (path) => /^\[\d+\]$/.test(path),
  },
  { name: 'gridInitialU', build: () => [0, 3, 0, 1e-3], call: (c, a) => c.lib.gridInitialU(c.ir, ...a), params: [p([0], SEED, 'seed'), p([1], count(0, [149_999]), 'id'), p([2], count(0, [1000]), 'alphaIndex'), p([3], pos([1e-300, 1e300]), 'alpha')] },
  {
    name: 'summarize', build: (c) => [c.lib.runGrid3(c.ir, 0, 3, { alphas: [1e-3] }), [1e-3], 3],
    params: [p([0], { t: 'vector', nonfiniteOk: true, noScale: true }, 'records'), p([1], { t: 'numlist', spec: { gt: 0 } }, 'alphas'), p([2], count(0, []), 'total')],
    nonfiniteOk: (path) => /quantiles|worst|fractionWithin/.test(path),
  },

  // ---------------------------------------------------------------- census (src/grid/census.ts, census-summary.ts, masks.ts)
  { name: 'gridValues', build: () => [5], params: [p([0], { t: 'num', spec: { integer: true, min: 2, max: 100 }, safe: [2, 100] }, 'V')] },
  { name: 'censusDefaults', build: (c) => [census(c)], params: [...censusShapeParams(0), ...censusRunParams(0).slice(1)] },
  { name: 'censusShape', build: () => [{ n: 4, k: [4] }], params: censusShapeParams(0) },
  { name: 'censusRange', build: () => [{ n: 4, k: [4] }], params: censusShapeParams(0) },
  { name: 'tallySize', build: (c) => [census(c)], params: [...censusShapeParams(0), p([0, 'alphas'], { t: 'numlist', spec: { gt: 0 } })] },
  { name: 'censusLayout', build: () => [4, 5, 'orbits'], params: [p([0], ORDER, 'n'), p([1], { t: 'num', spec: { integer: true, min: 1, max: 100 }, safe: [1, 2, 100] }, 'V'), p([2], { t: 'enum', values: ['orbits', 'all'] }, 'masks')] },
  {
    name: 'censusInstance', build: () => [{ n: 4, k: [4] }, CEN_START + 1],
    params: [p([0], OPTS_REQ, 'options'), p([0, 'k'], { t: 'numlist', spec: { integer: true, min: 1, max: 10 } }), p([0, 'masks'], { t: 'enum', values: ['orbits', 'all'] }), p([1], { t: 'num', spec: { integer: true, min: 0, max: CEN_END - 1 }, safe: [0, CEN_END - 1] }, 'id')],
  },
  {
    name: 'runCensus', build: (c) => [CEN_START, 4, census(c)], call: (c, a) => c.lib.runCensus(c.ir, ...a), nonfiniteOk: (path) => /^\[\d+\]$/.test(path),
    params: [p([0], { t: 'num', spec: { integer: true, min: CEN_LO, max: CEN_HI - 4 }, safe: [CEN_LO, CEN_HI - 4] }, 'start'), p([1], { t: 'num', spec: { integer: true, min: 0, max: 4 }, safe: [0, 1] }, 'count'), ...censusRunParams(2), ...control(2)],
  },
  {
    name: 'censusInitialU', build: (c) => [census(c), CEN_START, 0, 1e-3], call: (c, a) => c.lib.censusInitialU(c.ir, ...a),
    params: [p([0], OPTS_REQ, 'options'), p([0, 'seed'], { t: 'seed', optional: true }), p([0, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([1], { t: 'num', spec: { integer: true, min: 0, max: CEN_END - 1 }, safe: [0, CEN_END - 1] }, 'id'),
      p([2], { t: 'num', spec: { integer: true, min: 0, max: 255 }, safe: [0, 255] }, 'alphaIndex'), p([3], pos([1e-300, 1e300]), 'alpha')],
  },
  {
    name: 'censusSweep', build: (c) => [census(c), CEN_START, [1e-1, 1e-3]], call: (c, a) => c.lib.censusSweep(c.ir, ...a),
    // a flow that did not converge (e.g. diverged from ‖U0‖_F = 1e300) has no meaningful trace or Δ
    nonfiniteOk: (path, r) => { const m = /^\[(\d+)\]\.(trace|delta)$/.exec(path); return m !== null && r[Number(m[1])].status !== 0; },
    params: [...censusRunParams(0), p([1], { t: 'num', spec: { integer: true, min: CEN_LO, max: CEN_HI - 1 }, safe: [CEN_LO, CEN_HI - 1] }, 'id'), p([2], { t: 'numlist', spec: { gt: 0 } }, 'alphas'), ...control(0)],
  },
  {
    name: 'completionLambdaStar', build: (c) => [symMatrix(c, 3)], call: (c, a) => c.lib.completionLambdaStar(c.ir, ...a),
    // λ* = +∞ when no diagonal entry is observed (documented)
    nonfiniteOk: (path, r) => path === '.lambdaStar' && r.lambdaStar === Infinity,
    params: [p([0], { t: 'matrix', sym: true, nanOk: true }, 'known')],
  },
  {
    name: 'completionLambdaStar(pattern)', build: () => [{ rows: 4, cols: 4, data: Float64Array.from([1, 0.5, NaN, 0.2, 0.5, 1, 0.3, NaN, NaN, 0.3, 1, 0.4, 0.2, NaN, 0.4, 1]) }], call: (c, a) => c.lib.completionLambdaStar(c.ir, ...a),
    nonfiniteOk: (path, r) => path === '.lambdaStar' && r.lambdaStar === Infinity,
    params: [p([0, 'rows'], { t: 'num', spec: { integer: true, min: 4, max: 4 }, safe: [4] }, 'known'), p([0, 'cols'], { t: 'num', spec: { integer: true, min: 4, max: 4 }, safe: [4] }, 'known')],
  },
  {
    name: 'tallyRecords', build: (c) => [census(c), CEN_START, censusRecords(c)],
    params: [...censusRunParams(0).slice(0, 3), p([1], { t: 'num', spec: { integer: true, min: CEN_LO, max: CEN_HI - 4 }, safe: [CEN_LO, CEN_HI - 4] }, 'start'), p([2], { t: 'vector', nonfiniteOk: true, noScale: true, emptyOk: true }, 'records')],
  },
  {
    name: 'mergeTallies', build: (c) => { const t = censusTally(c); return [census(c), [t, t]]; },
    // only options that keep the tally's layout (n, k and masks change it: the tallies then do not fit)
    params: [p([0], OPTS_REQ, 'options'), p([0, 'values'], { t: 'numlist', spec: {} }), p([0, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([1], { t: 'string' }, 'tallies'), p([1, 0], { t: 'vector', fixedLength: true }, 'tallies')],
  },
  {
    name: 'summarizeCensus', build: (c) => [census(c), censusTally(c)],
    // a fraction over no converged flows, a mean over no runs, quantiles of no values are NaN (documented)
    nonfiniteOk: (path) => /fractionWithin|meanNfev|absQuantiles/.test(path),
    params: [p([0], OPTS_REQ, 'options'), p([0, 'values'], { t: 'numlist', spec: {} }), p([0, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([1], { t: 'vector', fixedLength: true }, 'tally')],
  },
  {
    name: 'worstForSweep', build: (c) => [c.lib.summarizeCensus(census(c), censusTally(c))],
    params: [p([0], OBJ, 's'), p([0, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([0, 'perOrbit'], { t: 'string' }, 'perOrbit')],
  },
  {
    name: 'sweepOutcome', build: () => [[{ id: 4006, alpha: 0.1, delta: 0.017, status: 0 }, { id: 4006, alpha: 1e-3, delta: 7e-5, status: 0 }, { id: 4009, alpha: 0.1, delta: 0.2, status: 0 }, { id: 4009, alpha: 1e-3, delta: 0.1, status: 0 }]],
    params: [p([0], { t: 'string' }, 'rows'), p([0, 1], OBJ, 'rows'), p([0, 1, 'id'], { t: 'num', spec: { integer: true, min: 0, max: 2 ** 53 - 1 }, safe: [0, 2 ** 53 - 1] }), p([0, 1, 'alpha'], pos()), p([0, 1, 'delta'], real()), p([0, 1, 'status'], { t: 'num', spec: { integer: true, min: -4, max: 5 }, safe: [-4, 5] })],
  },
  { name: 'entries', build: () => [4], params: [p([0], ORDER, 'n')] },
  { name: 'entryIndex', build: () => [4, 1, 2], params: [p([0], ORDER, 'n'), p([1], { t: 'num', spec: { integer: true, min: 0, max: 3 }, safe: [0, 3] }, 'i'), p([2], { t: 'num', spec: { integer: true, min: 0, max: 3 }, safe: [0, 3] }, 'j')] },
  { name: 'maskOrbits', build: () => [4, 6], params: [p([0], ORDER, 'n'), p([1], { t: 'num', spec: { integer: true, min: 0, max: 10 }, safe: [0, 10] }, 'k')] },
  { name: 'censusMasks', build: () => [4, 6, 'orbits'], params: [p([0], ORDER, 'n'), p([1], { t: 'num', spec: { integer: true, min: 0, max: 10 }, safe: [0, 10] }, 'k'), p([2], { t: 'enum', values: ['orbits', 'all'] }, 'mode')] },
  { name: 'canonicalMask', build: () => [4, [1, 4, 7]], params: [p([0], ORDER, 'n'), p([1], { t: 'numlist', spec: { integer: true, min: 0, max: 9 }, emptyOk: true }, 'mask')] },
  { name: 'burnsideOrbitCount', build: () => [4, 6], params: [p([0], ORDER, 'n'), p([1], { t: 'num', spec: { integer: true, min: 0, max: 10 }, safe: [0, 10] }, 'k')] },

  // ---------------------------------------------------------------- theory
  { name: 'effectiveRank', build: (c) => [c.ir, problem(c).X, {}], params: [p([1], SYM, 'X'), p([2], OPTS, 'o'), p([2, 'eps'], { t: 'num', spec: { min: 0, lt: 1 }, safe: [0, 0.5] })] },
  { name: 'sigmaMinDg', build: (c) => { const q = problem(c, 3, 4); return [c.ir, q.op, gauss(c, 3, 2)]; }, params: [p([1], OBJ, 'op'), p([2], MAT, 'U')] },
  { name: 'epsRank', build: () => [[3, 2, 1e-9], 1e-6], params: [p([0], { t: 'vector', emptyOk: true }, 'valuesDesc'), p([1], { t: 'num', spec: { min: 0, lt: 1 }, safe: [0] }, 'eps')] },
  { name: 'commutativeInstance', build: (c) => [4, 2, c.seed], params: [p([0], count(2, [], [1e5]), 'n'), p([1], count(1, [3]), 'm'), p([2], SEED, 'seed')] },
  {
    name: 'checkCommutative', build: (c) => [c.ir, { seed: c.seed, n: 4, m: 2, alphas: [1e-2], skipUSpace: true, timeBudget: SOLVER_BUDGET }],
    params: [p([1], OPTS_REQ, 'o'), p([1, 'seed'], SEED), p([1, 'n'], count(2, [], [1e5])), p([1, 'm'], count(1)), p([1, 'alphas'], { t: 'numlist', spec: { gt: 0, lt: 1 } }), p([1, 'rtol'], pos([1e-3])), p([1, 'atol'], pos()),
      p([1, 'samples'], count(1, [], [2 ** 31 - 1])), p([1, 'skipUSpace'], BOOL), ...control(1)],
    nonfiniteOk: (path) => /gapRate|lambdaFit|rank1Rate|offTopRate|window|observed|predicted|referenceAgreement/.test(path),
  },
  {
    name: 'eigenbasisFlow', build: (c) => { const q = c.lib.commutativeInstance(4, 2, c.seed); return [{ D: q.D, y: q.y, x0: [0.01, 0.01, 0.01, 0.01], tMax: 100 }]; },
    params: [p([0], OPTS_REQ, 'o'), p([0, 'D'], MAT), p([0, 'y'], VEC), p([0, 'x0'], { t: 'vector', fixedLength: true, positive: true }), p([0, 'tMax'], pos([1e-300])), p([0, 'rtol'], pos([1e-3])), p([0, 'atol'], pos()), p([0, 'rtolResidual'], tol())],
  },
  {
    name: 'productFlow', build: (c) => { const q = c.lib.commutativeInstance(4, 2, c.seed); return [{ D: q.D, y: q.y, x0: [0.01, 0.01, 0.01, 0.01], tMax: 100 }]; },
    params: [p([0], OPTS_REQ, 'o'), p([0, 'D'], MAT), p([0, 'y'], VEC), p([0, 'x0'], { t: 'vector', fixedLength: true, positive: true }), p([0, 'tMax'], pos([1e-300])), p([0, 'rtol'], pos([1e-3])), p([0, 'atol'], pos())],
  },
  {
    name: 'entropicLimit', build: (c) => { const q = c.lib.commutativeInstance(4, 2, c.seed); return [{ D: q.D, y: q.y, x0: [0.01, 0.01, 0.01, 0.01] }]; },
    params: [p([0], OPTS_REQ, 'o'), p([0, 'D'], MAT), p([0, 'y'], VEC), p([0, 'x0'], { t: 'vector', fixedLength: true, positive: true }), p([0, 'maxIter'], count(1, [1], [2 ** 31 - 1]))],
  },
  { name: 'lpVertices', build: (c) => { const q = c.lib.commutativeInstance(4, 2, c.seed); return [q.D, q.y]; }, params: [p([0], MAT, 'D'), p([1], VEC, 'y')] },
  { name: 'lpWithReducedCosts', nonfiniteOk: (path, r) => /basisReducedCosts|weights|vertexValue|cMin/.test(path) || (/nfeasible/.test(r.status) && /certificate/.test(path)), build: (c) => { const q = c.lib.commutativeInstance(4, 2, c.seed); return [c.ir, q.D, q.y, {}]; }, params: [p([1], MAT, 'D'), p([2], VEC, 'y'), p([3], OPTS, 'o'), p([3, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] }), p([3, 'supportTol'], tol())] },
  { name: 'predictedGap', nonfiniteOk: (path) => /^$/.test(path) && false, build: (c) => { const q = c.lib.commutativeInstance(4, 2, c.seed); return [c.lib.lpWithReducedCosts(c.ir, q.D, q.y), 1e-3]; }, params: [p([0], OBJ, 'lp'), p([1], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [1e-300] }, 'alpha')] },
  { name: 'manifoldDistance', build: (c) => { const q = c.lib.commutativeInstance(4, 2, c.seed); return [c.ir, q.op, 1e-2, c.lib.identity(4)]; }, params: [p([1], OBJ, 'op'), p([2], { t: 'num', spec: { gt: 0 }, safe: [1e-300] }, 'alpha'), p([3], MAT, 'U')] },
  { name: 'factorPSD', build: (c) => [c.ir, belabbasOp(c).A, {}], params: [p([1], OBJ, 'A'), p([1, 0], SYM, 'A'), p([2], OPTS, 'o'), p([2, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] })] },
  { name: 'rankSpread', build: (c) => [c.ir, belabbasOp(c).A, {}], params: [p([1], OBJ, 'A'), p([1, 0], SYM, 'A'), p([2], OPTS, 'o'), p([2, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] })] },
  { name: 'normalForm', build: (c) => [c.ir, belabbasOp(c).A, {}], params: [p([1], OBJ, 'A'), p([1, 0], SYM, 'A'), p([2], OPTS, 'o'), p([2, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] })] },
  {
    name: 'normalRhs', build: (c) => [c.lib.normalForm(c.ir, belabbasOp(c).A), [1, 2], 2], call: (c, a) => { const f = c.lib.normalRhs(...a); const dx = new Float64Array(a[0].n * a[2]); f(0, dx.map(() => 0.1), dx); return dx; },
    params: [p([0], OBJ, 'nf'), p([1], VEC, 'y'), p([2], count(1, [4]), 'k')],
  },
  {
    name: 'normalFormFlow', build: (c) => [c.lib.normalForm(c.ir, belabbasOp(c).A), [1, 2], gauss(c, 4, 4), [0.5, 1], {}],
    params: [p([0], OBJ, 'nf'), p([1], VEC, 'y'), p([2], MAT, 'U0'), p([3], { t: 'numlist', spec: { min: 0 }, emptyOk: true }, 'times'), p([4], OPTS, 'o'), p([4, 'rtol'], pos([1e-3])), p([4, 'atol'], pos())],
  },
  { name: 'tameSpectrum', build: (c) => [c.ir, c.lib.normalForm(c.ir, belabbasOp(c).A), {}], params: [p([1], OBJ, 'nf'), p([2], OPTS, 'o'), p([2, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] })] },
  { name: 'reducedRhs', build: () => [[0.5, 0.5], 1, 1, [1, 2]], call: (c, a) => c.lib.reducedRhs(...a)([0.3, 0.4]), params: [p([0], { t: 'vector' }, 'vbar'), p([1], real(), 'alpha'), p([2], real(), 'beta'), p([3], VEC, 'y')] },
  { name: 'reducedCriticalPoints', build: (c) => [c.ir, [0.5, 0.5], 1, 1, [1, 2]], params: [p([1], { t: 'vector' }, 'vbar'), p([2], real([0, 1e300]), 'alpha'), p([3], real([0, 1e300]), 'beta'), p([4], VEC, 'y')] },
  { name: 'traceBounds', build: (c) => { const op = belabbasOp(c); return [c.ir, op.A, op, [1, 2], { tol: 1e-6 }]; }, params: [p([1], OBJ, 'A'), p([2], OBJ, 'op'), p([3], VEC, 'y'), p([4], OPTS, 'o'), p([4, 'tol'], { t: 'num', spec: { gt: 0, lt: 1 }, safe: [0.5] }), ...control(4)], nonfiniteOk: (path) => /kMax|kMinNormal/.test(path) },
  { name: 'relativeError', build: () => [1.5, { kMin: 1, kMax: 2 }], params: [p([0], real([1e300]), 'K'), p([1], OBJ, 'b'), p([1, 'kMin'], real([0]))] },
  { name: 'spectralRatio', build: (c) => [c.ir, problem(c).X], params: [p([1], SYM, 'X')] },
  {
    name: 'bottleneck', build: (c) => { const op = belabbasOp(c); return [c.ir, op.A, [1, 2], [{ t: 1, U: gauss(c, 4, 4) }], {}]; },
    params: [p([1], OBJ, 'A'), p([2], VEC, 'y'), p([3], { t: 'string' }, 'snapshots'), p([3, 0, 'U'], MAT, 'U'), p([3, 0, 't'], real(), 't'), p([4], OPTS, 'o'), p([4, 'eps'], { t: 'num', spec: { min: 0, lt: 1 }, safe: [0] })],
  },
  {
    name: 'belabbasExperiment', build: (c) => [c.ir, { ranks: [2, 2], spectrum: [1, 1, 1, 2], seed: c.seed, deltas: [1e-2], tMax: 50, timeBudget: SOLVER_BUDGET }],
    params: [p([1], OPTS_REQ, 'o'), p([1, 'n'], count(1, [], [1e5])), p([1, 'ranks'], { t: 'numlist', spec: { integer: true, min: 1 } }), p([1, 'spectrum'], { t: 'vector', fixedLength: true, positive: true }), p([1, 'seed'], SEED),
      p([1, 'deltas'], { t: 'numlist', spec: { gt: 0 } }), p([1, 'yMax'], pos()), p([1, 'tMax'], pos([1e-300])), p([1, 'rtol'], pos([1e-3])), p([1, 'atol'], pos()), p([1, 'gtol'], tol()), ...control(1)],
    nonfiniteOk: (path) => /kMax|kMinNormal|relativeError/.test(path),
  },
  {
    name: 'eftekhariRun', build: (c) => [c.ir, { n: 4, r: 1, seed: c.seed, tMax: 20, timeBudget: SOLVER_BUDGET }],
    params: [p([1], OPTS_REQ, 'o'), p([1, 'n'], count(1, [], [1e5])), p([1, 'r'], count(1)), p([1, 'm'], count(1)), p([1, 'seed'], SEED), p([1, 'scale'], pos([1e-300])), p([1, 'tMax'], pos([1e-300])), ...control(1)],
  },

  // ---------------------------------------------------------------- browser entry (pure)
  {
    name: 'exploreProblem', build: (c) => [{ problem: 'sensing', n: 4, m: 8, r: 1, seed: c.seed, scale: 1e-3, method: 'gd', eta: 0.01, horizon: 50 }],
    params: [p([0], OPTS_REQ, 'spec'), p([0, 'problem'], { t: 'enum', values: ['sensing', 'completion'] }), p([0, 'n'], count(1, [], [1e5])), p([0, 'm'], count(1)), p([0, 'r'], count(1)), p([0, 'seed'], SEED)],
  },
  {
    name: 'exploreTrajectory', build: (c) => [c.ir, { problem: 'sensing', n: 4, m: 8, r: 1, seed: c.seed, scale: 1e-3, method: 'gd', eta: 0.01, horizon: 50, chunks: 4 }],
    call: (c, a) => Array.from(c.lib.exploreTrajectory(...a)),
    params: [p([1], OPTS_REQ, 'spec'), p([1, 'problem'], { t: 'enum', values: ['sensing', 'completion'] }), p([1, 'n'], count(1)), p([1, 'scale'], pos([1e-300])), p([1, 'method'], { t: 'enum', values: ['gd', 'flow'] }),
      p([1, 'eta'], pos([1e-300])), p([1, 'horizon'], { t: 'num', spec: { integer: true, min: 1 }, safe: [1] }), p([1, 'chunks'], count(1, [1])), p([1, 'gtol'], tol())],
  },
  { name: 'chunkBounds', build: () => [100, 5, true], params: [p([0], pos([1e-300, 1e300]), 'horizon'), p([1], count(1, [1], [1e5]), 'chunks'), p([2], BOOL, 'integer')] },

  // ---------------------------------------------------------------- runner subpath
  {
    name: 'runner.gridSpec', build: () => [{ options: { alphas: [1e-3], tMax: 100 }, from: 0, to: 4, chunk: 2 }], call: (c, a) => c.runner.gridSpec(...a),
    params: [p([0], OPTS_REQ, 'input'), p([0, 'options'], OPTS_REQ, 'options'), p([0, 'options', 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([0, 'options', 'tMax'], pos()),
      p([0, 'options', 'method'], { t: 'enum', values: ['auto', 'dopri'] }), p([0, 'from'], count(0, [0, 1])), p([0, 'chunk'], count(1, [1], [1e9])), p([0, 'grid'], { t: 'enum', values: ['grid3'] })],
  },
  { name: 'runner.jobId', build: (c) => [c.runner.gridSpec({ options: { alphas: [1e-3] }, to: 4 })], call: (c, a) => c.runner.jobId(...a), params: [p([0], OBJ, 'spec'), p([0, 'to'], count(1, [4], [1e9]), 'spec')] },
  { name: 'runner.parseSpec', build: (c) => [c.runner.canonicalJson(c.runner.gridSpec({ options: { alphas: [1e-3] }, to: 4 })), 'the test'], call: (c, a) => c.runner.parseSpec(...a), params: [p([0], { t: 'string' }, 'spec')] },
  { name: 'runner.shardChunks', build: (c) => [c.runner.gridSpec({ options: { alphas: [1e-3] }, to: 100, chunk: 10 }), [1, 2]], call: (c, a) => c.runner.shardChunks(...a), params: [p([0], OBJ, 'spec'), p([1], OBJ, 'shard'), p([1, 0], count(1, [2]), 'shard'), p([1, 1], count(1, [2]), 'shard')] },
  { name: 'runner.parseShard', build: () => ['2/3'], call: (c, a) => c.runner.parseShard(...a), params: [p([0], { t: 'string' }, 'shard')] },
  { name: 'runner.resolveShard', build: () => [{ shards: 4 }, { JOB_COMPLETION_INDEX: '1' }], call: (c, a) => c.runner.resolveShard(...a), params: [p([1, 'JOB_COMPLETION_INDEX'], { t: 'string' }, 'JOB_COMPLETION_INDEX')] },
  { name: 'runner.assemble', build: () => [new Map([[0, new Float64Array(16)]]), 1, 2], call: (c, a) => c.runner.assemble(...a), params: [p([0], OBJ, 'chunks'), p([1], count(1), 'nAlpha'), p([2], count(0, [], [1e9]), 'total'), p([3], count(0, [0]), 'from')] },
  { name: 'runner.mergeShards', build: (c) => [[mergeFixture(c)], c.runner.gridSpec({ options: { alphas: [1e-3] }, to: 4 })], call: (c, a) => c.runner.mergeShards(...a), params: [p([0], OBJ, 'inputs'), p([0, 0], { t: 'string' }, 'inputs'), p([1], OBJ, 'spec')] },
  {
    name: 'runner.runGridJob', build: (c) => [{ alphas: [1e-3], out: `${c.tmp}/job-${c.seed}`, limit: 2, workers: 0, chunk: 2 }, c.ir], call: (c, a) => c.runner.runGridJob(...a),
    params: [p([0], OPTS_REQ, 'job'), p([0, 'alphas'], { t: 'numlist', spec: { gt: 0 } }), p([0, 'limit'], { t: 'num', spec: { integer: true, min: 1 }, safe: [1] }), p([0, 'workers'], count(0, [1])), p([0, 'chunk'], count(1, [1])), p([0, 'out'], { t: 'string' }), p([0, 'shard'], OBJ), p([0, 'resume'], BOOL), p([0, 'onProgress'], FN), p([0, 'timeBudget'], budget), p([0, 'signal'], SIGNAL)],
  },
  {
    name: 'runner.gridSpec(census)', build: () => [{ grid: 'census', options: { n: 4, k: [4], alphas: [1e-3] }, chunk: 1000 }], call: (c, a) => c.runner.gridSpec(...a),
    params: [p([0], OPTS_REQ, 'input'), p([0, 'options'], OPTS_REQ, 'options'), ...censusShapeParams(0).slice(1).map((q) => ({ ...q, path: [0, 'options', ...q.path.slice(1)] })),
      ...censusRunParams(0).slice(1).map((q) => ({ ...q, path: [0, 'options', ...q.path.slice(1)] })),
      p([0, 'from'], { t: 'num', spec: { integer: true, min: CEN_LO, max: CEN_HI - 1 }, safe: [CEN_LO, CEN_HI - 1] }), p([0, 'chunk'], count(1, [1], [1e9])), p([0, 'grid'], { t: 'enum', values: ['grid3', 'census'] })],
  },
  {
    name: 'runner.runJob', build: (c) => [censusSpec(c), { out: `${c.tmp}/census-job-${c.seed}`, workers: 0 }, c.ir], call: (c, a) => c.runner.runJob(...a),
    params: [p([0], OBJ, 'spec'), p([0, 'to'], count(1, [], [1e9]), 'spec'), p([0, 'chunk'], count(1, [], [1e9]), 'spec'), p([1], OPTS_REQ, 'job'), p([1, 'workers'], count(0, [1])), p([1, 'out'], { t: 'string' }),
      p([1, 'shard'], OBJ), p([1, 'resume'], BOOL), p([1, 'onProgress'], FN), p([1, 'timeBudget'], budget), p([1, 'signal'], SIGNAL)],
  },
  {
    name: 'runner.chunkDoubles', build: (c) => [censusSpec(c), CEN_START + 1], call: (c, a) => c.runner.chunkDoubles(...a),
    params: [p([0], OBJ, 'spec'), p([1], { t: 'num', spec: { integer: true, min: CEN_START, max: CEN_START + 3 }, safe: [CEN_START, CEN_START + 3] }, 'start')],
  },
  { name: 'runner.mergeShards(census)', build: (c) => [[censusChunks(c)], censusSpec(c)], call: (c, a) => c.runner.mergeShards(...a), params: [p([0], OBJ, 'inputs'), p([0, 0], { t: 'string' }, 'inputs'), p([1], OBJ, 'spec')] },
  {
    // not on the package's surface (the CLI's `progress`), probed as the command's engine
    name: 'runner/progress.chunkProgress', build: (c) => [censusSpec(c), [censusChunks(c)], Date.now()],
    call: async (c, a) => (await import('../../src/runner/progress.js')).chunkProgress(...(a as [any, any, any])),
    nonfiniteOk: (path) => /^\.(rate|eta)$/.test(path), // NaN: the rate of files written within one clock tick is unknown
    params: [p([0], OBJ, 'spec'), p([1], { t: 'string' }, 'dirs'), p([1, 0], { t: 'string' }, 'dirs'), p([2], { t: 'num', spec: {}, safe: [0, 1e300] }, 'now')],
  },
];
