"""SciPy's cost for the grid's flows (issue 5): times solve_ivp(method='RK45') on a sample of grid flows written by
grid3-sample.ts, integrating each to the t where our flow stopped, at the same rtol/atol, and compares tr X(t).
Development cross-check only (python3 + NumPy/SciPy are not dependencies of the package, its tests or CI).
usage: npx tsx bench/scipy/grid3-sample.ts 40 > /tmp/s.json && python3 bench/scipy/grid3_scipy.py /tmp/s.json"""
import json, sys, time
import numpy as np
from scipy.integrate import solve_ivp
from entry_flow import completion_grad

sample = json.load(open(sys.argv[1]))
rows = []
for s in sample:
    r, c, y = np.array(s['rows']), np.array(s['cols']), np.array(s['y'])

    grad = completion_grad(r, c, y)

    def f(t, u):
        return -grad(u)

    t0 = time.perf_counter()
    sol = solve_ivp(f, (0.0, s['t']), np.array(s['U0']), method='RK45', rtol=s['rtol'], atol=s['atol'])
    dt = time.perf_counter() - t0
    tr = float(np.sum(sol.y[:, -1] ** 2))
    rows.append((dt, sol.nfev, s['nfev'], abs(tr - s['trace']) / s['trace']))
dts = np.array([r[0] for r in rows])
print(json.dumps({
    'flows': len(rows), 'scipy_seconds_mean': dts.mean(), 'scipy_seconds_median': float(np.median(dts)),
    'scipy_nfev_mean': float(np.mean([r[1] for r in rows])), 'ours_nfev_mean': float(np.mean([r[2] for r in rows])),
    'trace_rel_diff_max': max(r[3] for r in rows), 'trace_rel_diff_median': float(np.median([r[3] for r in rows])),
}, indent=1))
