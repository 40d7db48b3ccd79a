// Rodas4: the L-stable, stiffly accurate Rosenbrock method of order 4 with an embedded order-3 estimate, in the
// transformed form of Hairer & Wanner (Solving ODEs II, §IV.7, eq. (7.25)): with W = I/(hγ) − J,
//   W·K_i = f(y + Σ_{j<i} a_ij K_j) + Σ_{j<i} (c_ij/h) K_j,   i = 1 … 6 (autonomous systems: no ∂f/∂t term),
// stage 6's argument being the embedded solution y + Σ_{j≤5} a_5j K_j + K_5, and ŷ = that + K_6, so K_6 is the error
// estimate. One Jacobian and one LU of W per step, six solves. L-stable: the stiff components of a gradient flow's
// tail are damped whatever h, so h grows with the slow scale, not with 1/λ_max.
// see: Hairer & Wanner, Solving ODEs II (2nd ed.), Table 7.? "RODAS" and their code rodas.f; the coefficients below are
//      that method's (γ = 1/4), as also tabulated in OrdinaryDiffEq.jl's Rodas4Tableau.

export const RODAS_GAMMA: f64 = 0.25;
export const RA21: f64 = 1.544;
export const RA31: f64 = 0.9466785280815826, RA32: f64 = 0.2557011698983284;
export const RA41: f64 = 3.314825187068521, RA42: f64 = 2.896124015972201, RA43: f64 = 0.9986419139977817;
export const RA51: f64 = 1.221224509226641, RA52: f64 = 6.019134481288629, RA53: f64 = 12.53708332932087, RA54: f64 = -0.6878860361058950;
export const RC21: f64 = -5.6688;
export const RC31: f64 = -2.430093356833875, RC32: f64 = -0.2063599157091915;
export const RC41: f64 = -0.1073529058151375, RC42: f64 = -9.594562251023355, RC43: f64 = -20.47028614809616;
export const RC51: f64 = 7.496443313967647, RC52: f64 = -10.24680431464352, RC53: f64 = -33.99990352819905, RC54: f64 = 11.70890893206160;
export const RC61: f64 = 8.083246795921522, RC62: f64 = -7.981132988064893, RC63: f64 = -31.52159432874371, RC64: f64 = 16.31930543123136, RC65: f64 = -6.058818238834054;
/** Stage nodes c_i (c5 = c6 = 1), only for non-autonomous systems: unused by the package's autonomous flows. */
export const RC2: f64 = 0.386, RC3: f64 = 0.21, RC4: f64 = 0.63;
