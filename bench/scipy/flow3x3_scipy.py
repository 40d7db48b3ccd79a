"""SciPy's cost for issue 3's 3x3 benchmark solve: the completion flow U' = -A*(A(UU^T) - y)U with mask
(0,0),(0,1),(1,2),(2,2), y = [0.8, -0.3, 0.5, 0.6], from the U0 our bench uses (Gaussian, seed 11, ||U0||_F = alpha),
integrated by solve_ivp RK45 at rtol 1e-9 / atol 1e-12 to the t where our flow reached ||grad L||_F <= 1e-9 (U0 and
t are read from a JSON written by flow3x3-sample.ts). Median seconds over 21 solves, nfev, and ||grad L||_F at t.
Development cross-check only (python3 + NumPy/SciPy are not dependencies of the package, its tests or CI).
usage: npx tsx bench/scipy/flow3x3-sample.ts > s.json && python3 bench/scipy/flow3x3_scipy.py s.json"""
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp
from entry_flow import completion_grad

grad = completion_grad([0, 0, 1, 2], [0, 1, 2, 2], [0.8, -0.3, 0.5, 0.6])


def f(t, u):
    return -grad(u)


out = []
for s in json.load(open(sys.argv[1])):
    ts = []
    for rep in range(21):
        t0 = time.perf_counter()
        sol = solve_ivp(f, (0.0, s['t']), np.array(s['U0']), method='RK45', rtol=1e-9, atol=1e-12)
        ts.append(time.perf_counter() - t0)
    out.append({'alpha': s['alpha'], 'scipy_ms_median': sorted(ts)[10] * 1e3, 'scipy_nfev': int(sol.nfev),
                'ours_nfev': s['nfev'], 'grad_norm_at_t': float(np.linalg.norm(grad(sol.y[:, -1])))})
print(json.dumps(out, indent=1))
