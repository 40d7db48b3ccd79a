// What every experiment of `implicit-reg reproduce` returns and writes (issue 6): the full configuration, the seeds,
// the step-size conversion (docs/model.md), metrics per point, figures as Vega-Lite specs, and claims with verdicts
// computed from the numbers.
import type { Kernels } from '../kernels/kernels.js';
import type { VegaLiteSpec } from '../plots/render.js';

export type Verdict = 'reproduced' | 'partly' | 'not reproduced';

export interface Claim {
  /** The paper's claim, in words. */
  claim: string;
  /** What we measured, in words with the numbers. */
  measured: string;
  verdict: Verdict;
}

export interface Figure {
  /** File stem: <name>.svg and <name>.vl.json. */
  name: string;
  caption: string;
  spec: VegaLiteSpec;
}

export type Point = Record<string, number | string | boolean | null>;

export interface ExperimentResult {
  id: string;
  title: string;
  /** Paper and figure reproduced. */
  source: string;
  scale: 'default' | 'full' | 'tiny';
  config: Record<string, unknown>;
  seeds: number[];
  /** How the paper's step sizes map to our L = ¼‖A(UUᵀ) − y‖² scale. */
  stepConversion: string;
  /** One row per measured point (also written as CSV). */
  points: Point[];
  figures: Figure[];
  claims: Claim[];
  notes: string[];
  seconds: number;
}

export interface Progress {
  /** Start a named step with `total` units; returns a tick(n = 1) function. */
  step(name: string, total: number): (n?: number) => void;
  done(): void;
}

export interface RunContext {
  ir: Kernels;
  /** Paper scale (--full) or the default, reduced scale; 'tiny' is for the test suite. */
  scale: 'default' | 'full' | 'tiny';
  /** Number of seeds (--seeds), when the experiment averages over seeds. */
  seeds?: number;
  /** Output directory of this experiment (results/<id>). */
  out: string;
  progress: Progress;
  /** Experiment-specific options (e.g. ratings path, worker count). */
  options: Record<string, string | number | boolean | undefined>;
}

export interface Experiment {
  id: string;
  title: string;
  source: string;
  run(ctx: RunContext): Promise<Omit<ExperimentResult, 'id' | 'title' | 'source' | 'scale' | 'seconds'>>;
}

/** Silent progress (tests). */
export const noProgress: Progress = { step: () => () => {}, done: () => {} };
