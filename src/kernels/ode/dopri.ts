// The Dormand–Prince 5(4) tableau, portable like control.ts: AssemblyScript compiles it into the wasm stages
// (assembly/ode/stages.ts), tsc into the plain twin (src/kernels/plain/rk45.ts) — one table for both.
// see: Dormand & Prince 1980, "A family of embedded Runge-Kutta formulae", J. Comput. Appl. Math. 6, Table 2;
//      SciPy _ivp/rk.py (the same coefficients).

// Dormand–Prince tableau (exact rationals). C: nodes; A: stage coefficients; B: 5th-order weights (= row 7 of A,
// FSAL); E = B − B̂ with B̂ the embedded 4th-order weights.
export const C2: number = 1.0 / 5.0;
export const C3: number = 3.0 / 10.0;
export const C4: number = 4.0 / 5.0;
export const C5: number = 8.0 / 9.0;
export const A21: number = 1.0 / 5.0;
export const A31: number = 3.0 / 40.0;
export const A32: number = 9.0 / 40.0;
export const A41: number = 44.0 / 45.0;
export const A42: number = -56.0 / 15.0;
export const A43: number = 32.0 / 9.0;
export const A51: number = 19372.0 / 6561.0;
export const A52: number = -25360.0 / 2187.0;
export const A53: number = 64448.0 / 6561.0;
export const A54: number = -212.0 / 729.0;
export const A61: number = 9017.0 / 3168.0;
export const A62: number = -355.0 / 33.0;
export const A63: number = 46732.0 / 5247.0;
export const A64: number = 49.0 / 176.0;
export const A65: number = -5103.0 / 18656.0;
export const B1: number = 35.0 / 384.0;
export const B3: number = 500.0 / 1113.0;
export const B4: number = 125.0 / 192.0;
export const B5: number = -2187.0 / 6784.0;
export const B6: number = 11.0 / 84.0;
export const E1: number = 71.0 / 57600.0;
export const E3: number = -71.0 / 16695.0;
export const E4: number = 71.0 / 1920.0;
export const E5: number = -17253.0 / 339200.0;
export const E6: number = 22.0 / 525.0;
export const E7: number = -1.0 / 40.0;
