// Web Worker of BrowserPool: one wasm instance per worker (instantiated from the module the page compiled once),
// one task at a time. Protocol: {type:'init', module}; {type:'task', id, task}; {type:'cancel', id}. Replies:
// {id, progress} (any number), then {id, result} or {id, error: {code, message}}.
import { ImplicitRegError } from '../core/errors.js';
import { exploreProblem, exploreTrajectory } from '../solvers/explore.js';
import { runGrid3 } from '../grid/grid3.js';
import { instantiateSync } from '../wasm/instantiate.js';
import { Kernels } from '../kernels/kernels.js';
import { minNuclearNorm } from '../sdp/sdp.js';
import type { PoolTask, SweepResult } from './pool.js';

// the DOM lib types `self` as a Window; this file runs in a DedicatedWorkerGlobalScope
const scope = globalThis as unknown as {
  onmessage: ((e: MessageEvent) => void) | null;
  postMessage(msg: unknown, transfer?: Transferable[]): void;
};

let ir: Kernels | undefined;
const cancelled = new Set<number>();
const tick = () => new Promise((resolve) => setTimeout(resolve, 0)); // let a 'cancel' message in between chunks

async function run(id: number, task: PoolTask, progress: (p: unknown) => void): Promise<{ result: unknown; transfer: Transferable[] }> {
  if (!ir) throw new ImplicitRegError('state', 'BrowserPool worker: a task arrived before the wasm module');
  if (task.kind === 'grid') {
    const rec = runGrid3(ir, task.start, task.count, task.opts);
    // small results are views into a shared 8 KiB slab (src/core/f64pool.ts): transferring that buffer would detach
    // every other array carved from it and break the next task in this worker — transfer only a buffer it owns
    const own = rec.byteLength === rec.buffer.byteLength ? rec : rec.slice();
    return { result: own, transfer: [own.buffer] };
  }
  const prob = exploreProblem(task.spec);
  if (task.kind === 'trajectory') {
    let truth = 0;
    for (let i = 0; i < prob.Xstar.rows; i++) truth += prob.Xstar.data[i * prob.Xstar.cols + i];
    try {
      const ref = minNuclearNorm(ir, { A: prob.op, y: prob.y });
      progress({ kind: 'reference', minNuclear: ref.value, status: ref.status, truthNuclear: truth, certificate: ref.certificate });
    } catch (e) { // e.g. redundant measurements (m > n(n+1)/2): the dynamics still run, without the reference line
      progress({ kind: 'reference', minNuclear: NaN, status: 'error', truthNuclear: truth, message: (e as Error).message });
    }
    let chunks = 0;
    for (const c of exploreTrajectory(ir, task.spec, prob)) {
      progress({ kind: 'chunk', chunk: c });
      chunks++;
      await tick();
      if (cancelled.has(id)) throw new ImplicitRegError('cancelled', `BrowserPool: task ${id} was cancelled`);
    }
    return { result: { chunks }, transfer: [] };
  }
  if (task.kind === 'sweep') {
    let last;
    for (const c of exploreTrajectory(ir, task.spec, prob)) last = c;
    const out: SweepResult = { spec: task.spec, end: last!.end, loss: last!.loss.at(-1)!, trace: last!.trace.at(-1)!, status: last!.status, eigenvalues: last!.eigenvalues };
    return { result: out, transfer: [] };
  }
  throw new ImplicitRegError('value', `BrowserPool worker: unknown task kind ${String((task as { kind?: string }).kind)}`);
}

scope.onmessage = (e: MessageEvent) => {
  const msg = e.data as { type: string; id: number; module?: WebAssembly.Module; task?: PoolTask };
  if (msg.type === 'init') {
    ir = new Kernels(instantiateSync(msg.module!));
    return;
  }
  if (msg.type === 'cancel') {
    cancelled.add(msg.id);
    return;
  }
  const id = msg.id;
  run(id, msg.task!, (progress) => scope.postMessage({ id, progress })).then(
    ({ result, transfer }) => scope.postMessage({ id, result }, transfer),
    (err: unknown) => {
      const e2 = err as { code?: string; message?: string };
      scope.postMessage({ id, error: { code: e2.code ?? 'error', message: e2.message ?? String(err) } });
    },
  ).finally(() => cancelled.delete(id));
};
