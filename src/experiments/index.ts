// The experiments of `implicit-reg reproduce`, in SPEC §7's order.
import { gFig4 } from './g-fig4.js';
import { eFig13 } from './e-fig1-3.js';
import { eFig5 } from './e-fig5.js';
import type { Experiment } from './types.js';

export const EXPERIMENTS: Experiment[] = [gFig4, eFig13, eFig5];
