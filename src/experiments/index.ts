// The experiments of `implicit-reg reproduce`, in docs/experiments.md's order (the 4×4 census right after the 3×3 grid it extends).
import { gFig12 } from './g-fig1-2.js';
import { gFig3 } from './g-fig3.js';
import { gFig4 } from './g-fig4.js';
import { census4 } from './census4.js';
import { gMovielens } from './g-movielens.js';
import { bFig2 } from './b-fig2.js';
import { bFig3 } from './b-fig3.js';
import { bFig4 } from './b-fig4.js';
import { eFig13 } from './e-fig1-3.js';
import { eFig5 } from './e-fig5.js';
import type { Experiment } from './types.js';

export const EXPERIMENTS: Experiment[] = [gFig12, gFig3, gFig4, census4, gMovielens, bFig2, bFig3, bFig4, eFig13, eFig5];
