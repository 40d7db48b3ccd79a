// Minimal typings for numeric 1.2.6 (it ships none): only what the benchmarks call.
declare module 'numeric' {
  interface NumericT {
    x: number[] | number[][];
    y?: number[] | number[][];
  }
  interface Numeric {
    dot(a: number[][], b: number[][]): number[][];
    dot(a: number[][], b: number[]): number[];
    eig(a: number[][], maxiter?: number): { lambda: NumericT; E: NumericT };
    dopri(
      x0: number, x1: number, y0: number[], f: (t: number, y: number[]) => number[], tol?: number, maxit?: number,
    ): { x: number[]; y: number[][]; iterations: number; msg: string };
  }
  const numeric: Numeric;
  export default numeric;
}
