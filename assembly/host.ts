// What the host (the JavaScript side, src/wasm/instantiate.ts) supplies to long runs: a tick that reports progress
// and answers whether to stop (a time budget spent, an AbortSignal fired). Loops call it every so often — a few
// times per millisecond at most — so that no run is unbounded in time and none is silent.

// @ts-ignore: decorator
@external("env", "tick")
declare function hostTick(done: f64, total: f64): i32;

// a loop over units that must each finish whole (a census instance: its SDP and its flows) ticks between units and
// mutes the ticks of the solvers inside them, which would otherwise stop a unit halfway
let muted = false;

/** Mute (true) or pass on (false) the ticks of the code that runs next. */
export function muteTicks(on: bool): void {
  muted = on;
}

/** Report progress `done` of `total` (units of the run: iterations, time, instances); true when the run must stop. */
export function tick(done: f64, total: f64): bool {
  return !muted && hostTick(done, total) != 0;
}
