// Rodas5P: an L-stable, stiffly accurate Rosenbrock method of order 5 with an embedded order-4 estimate, 8 stages, in
// the transformed form of Hairer & Wanner (Solving ODEs II, §IV.7, eq. (7.25)): with W = I/(hγ) − J,
//   W·K_i = f(y + Σ_{j<i} a_ij K_j) + Σ_{j<i} (c_ij/h) K_j,   i = 1 … 8 (autonomous systems: no ∂f/∂t term),
// stages 7 and 8 taken at u6 + K6 and u6 + K6 + K7, u6 = y + Σ_{j≤5} a_6j K_j the sixth stage's argument, and
// ŷ = u6 + K6 + K7 + K8: K8 is ŷ minus the embedded solution, the error estimate (local error O(h⁵)). One Jacobian,
// one factorization of W and eight solves per step. L-stable: the stiff components of a gradient flow's tail are damped
// whatever h, so h grows with the slow scale, not with 1/λ_max; order 5 makes the steps of a 1e-9-accurate drift
// about three times those of the order-4 Rodas4 (measured on the 3×3 completion flows: 417 against 1 149 steps).
// see: G. Steinebach, "Construction of Rosenbrock–Wanner method Rodas5P and numerical benchmarks within the Julia
//      Differential Equations package", BIT Numer. Math. 63 (2023); the coefficients below are that paper's (as also
//      tabulated in OrdinaryDiffEq.jl), the scheme as Rodas4's in Hairer & Wanner's rodas.f.

export const RODAS_GAMMA: f64 = 0.21193756319429014;
export const RA21: f64 = 3.0;
export const RA31: f64 = 2.849394379747939, RA32: f64 = 0.45842242204463923;
export const RA41: f64 = -6.954028509809101, RA42: f64 = 2.489845061869568, RA43: f64 = -10.358996098473584;
export const RA51: f64 = 2.8029986275628964, RA52: f64 = 0.5072464736228206, RA53: f64 = -0.3988312541770524;
export const RA54: f64 = -0.04721187230404641;
export const RA61: f64 = -7.502846399306121, RA62: f64 = 2.561846144803919, RA63: f64 = -11.627539656261098;
export const RA64: f64 = -0.18268767659942256, RA65: f64 = 0.030198172008377946;
export const RC21: f64 = -14.155112264123755;
export const RC31: f64 = -17.97296035885952, RC32: f64 = -2.859693295451294;
export const RC41: f64 = 147.12150275711716, RC42: f64 = -1.41221402718213, RC43: f64 = 71.68940251302358;
export const RC51: f64 = 165.43517024871676, RC52: f64 = -0.4592823456491126, RC53: f64 = 42.90938336958603;
export const RC54: f64 = -5.961986721573306;
export const RC61: f64 = 24.854864614690072, RC62: f64 = -3.0009227002832186, RC63: f64 = 47.4931110020768;
export const RC64: f64 = 5.5814197821558125, RC65: f64 = -0.6610691825249471;
export const RC71: f64 = 30.91273214028599, RC72: f64 = -3.1208243349937974, RC73: f64 = 77.79954646070892;
export const RC74: f64 = 34.28646028294783, RC75: f64 = -19.097331116725623, RC76: f64 = -28.087943162872662;
export const RC81: f64 = 37.80277123390563, RC82: f64 = -3.2571969029072276, RC83: f64 = 112.26918849496327;
export const RC84: f64 = 66.9347231244047, RC85: f64 = -40.06618937091002, RC86: f64 = -54.66780262877968;
export const RC87: f64 = -9.48861652309627;
/** Stage nodes c_i (c6 = c7 = c8 = 1), only for non-autonomous systems: unused by the package's autonomous flows. */
export const RC2: f64 = 0.6358126895828704, RC3: f64 = 0.4095798393397535, RC4: f64 = 0.9769306725060716;
export const RC5: f64 = 0.4288403609558664;
