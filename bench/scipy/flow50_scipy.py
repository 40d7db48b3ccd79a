"""SciPy's RK45 on bench/flow50.ts's gradient flow (issue 3): U' = -A*(A(UU^T) - y)U, Gaussian sensing n = 50,
m = 300, from ||U0||_F = 1e-4 until L = 1/4 ||A(UU^T) - y||^2 < 1e-10 (a terminal event), on the very instance our
benchmark integrates (written by flow50-instance.ts). The RHS is NumPy's: two BLAS gemv over the packed A plus
two 50x50 products, one thread. Reports seconds, nfev, steps, the loss reached and the RHS time alone.
Development cross-check only (python3 + NumPy/SciPy are not dependencies of the package, its tests or CI).
usage: OPENBLAS_NUM_THREADS=1 python3 bench/scipy/flow50_scipy.py DIR [rtol atol [maxNfev|none [RK45|LSODA|Radau|BDF]]]
(maxNfev: stop after that many RHS calls, for a same-work comparison with a capped run of ours)"""
import json, os, sys, time
import numpy as np
from scipy.integrate import solve_ivp

d = sys.argv[1]
rtol = float(sys.argv[2]) if len(sys.argv) > 2 else 1e-9
atol = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-12
max_nfev = int(float(sys.argv[4])) if len(sys.argv) > 4 and sys.argv[4] != 'none' else None
# RK45 (the explicit baseline), or LSODA / Radau / BDF (SciPy's stiff integrators, Jacobian by finite differences)
method = sys.argv[5] if len(sys.argv) > 5 else 'RK45'


class Cap(Exception):
    pass
n, m = 50, 300
Ap = np.fromfile(os.path.join(d, 'packed.f64')).reshape(m, n * (n + 1) // 2)
y = np.fromfile(os.path.join(d, 'y.f64'))
U0 = np.fromfile(os.path.join(d, 'U0.f64'))
iu = np.triu_indices(n)
off = iu[0] != iu[1]


def grad(U):
    X = U @ U.T
    r = Ap @ X[iu] - y
    zp = Ap.T @ r
    zp[off] *= 0.5  # doubled off-diagonal weights: A*(r)_jk = zp_jk / 2 off the diagonal
    Z = np.zeros((n, n))
    Z[iu] = zp
    Z = Z + np.triu(Z, 1).T
    return Z @ U, 0.25 * float(r @ r)


calls = [0]
last = [None]
clock = [0.0]


def f(t, u):
    calls[0] += 1
    last[0] = u
    if max_nfev is not None and calls[0] > max_nfev:
        raise Cap()
    if calls[0] % 100000 == 0:
        print(json.dumps({'nfev': calls[0], 't': t, 'seconds': time.perf_counter() - clock[0]}), file=sys.stderr, flush=True)
    return -grad(u.reshape(n, n))[0].ravel()


def loss_event(t, u):  # the loss alone (one gemv): an event is evaluated once per step
    U = u.reshape(n, n)
    r = Ap @ (U @ U.T)[iu] - y
    return 0.25 * float(r @ r) - 1e-10


loss_event.terminal = True
U = U0.reshape(n, n)
ts = []
for rep in range(7):
    t0 = time.perf_counter()
    for i in range(300):
        f(0.0, U0)
    ts.append((time.perf_counter() - t0) / 300 * 1e6)
rhs_us = sorted(ts)[3]
calls[0] = 0
t0 = clock[0] = time.perf_counter()
# t_eval empty: no state is stored per step (at 20 kB a step that would be gigabytes); the state at the event
try:
    sol = solve_ivp(f, (0.0, 1e6), U0, method=method, rtol=rtol, atol=atol, events=loss_event, t_eval=np.array([]))
    status, message = sol.status, sol.message
    t_end = float(sol.t_events[0][0]) if sol.status == 1 else None
    uT = sol.y_events[0][0] if sol.status == 1 else last[0]
except Cap:
    status, message, t_end, uT = 'capped', f'stopped after {max_nfev} RHS calls', None, last[0]
dt = time.perf_counter() - t0
print(json.dumps({
    'method': method, 'rtol': rtol, 'atol': atol, 'status': status, 'message': message, 't': t_end,
    'loss': grad(uT.reshape(n, n))[1], 'nfev': min(calls[0], max_nfev or calls[0]), 'seconds': dt,
    'rhs_alone_us': rhs_us, 'trace': float(uT @ uT),
}, indent=1))
