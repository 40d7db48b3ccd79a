// The experiments of `implicit-reg reproduce`, in SPEC §7's order.
import { gFig4 } from './g-fig4.js';
import type { Experiment } from './types.js';

export const EXPERIMENTS: Experiment[] = [gFig4];
