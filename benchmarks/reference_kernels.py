"""Hand-written numba kernels that the generated steppers are measured against.

Each kernel integrates the same equations with the same method and step as a
generated stepper. They are written the way one would write them by hand: one
array per state variable, a dense matrix-vector product for the coupling
(compressed sparse rows for the delayed network), and ``fastmath=True``. They record one
observable every ``record_every`` steps, at the start of the step, like the
generated steppers.

Equations:

- Jansen-Rit (Jansen and Rit, 1995): ``y0' = y3``, ``y1' = y4``, ``y2' = y5``,
  ``y3' = A a S(y1 - y2) - 2 a y3 - a^2 y0``,
  ``y4' = A a (p + c + 0.8 C S(C y0)) - 2 a y4 - a^2 y1``,
  ``y5' = B b 0.25 C S(0.25 C y0) - 2 b y5 - b^2 y2``,
  ``S(v) = 2 e0 / (1 + exp(r (v0 - v)))``; a node sends ``S(y1 - y2)``.
- Stuart-Landau: ``x' = alpha x - omega y - (gamma x - beta y) r^2 + c_x``,
  ``y' = omega x + alpha y - (beta x + gamma y) r^2 + c_y``, diffusive
  coupling of x and y.
- Wilson-Cowan (Wilson and Cowan, 1972): ``tau_x x' = -x + L(w_xx x - w_xy y
  + P_x + c - theta)``, ``tau_y y' = -y + L(w_yx x - w_yy y + P_y - theta)``,
  ``L(u) = 1 / (1 + exp(-u))``; additive coupling of x.
"""

from __future__ import annotations

import math

import numba
import numpy as np

JIT = {"cache": True, "fastmath": True, "error_model": "numpy"}


# ----------------------------------------------------------------------
# Jansen-Rit
# ----------------------------------------------------------------------
@numba.njit(**JIT)
def _jr_sigmoid(v, e0, r, v0):
    return 2.0 * e0 / (1.0 + math.exp(r * (v0 - v)))


@numba.njit(**JIT)
def _jr_rhs(y, c, A, B, a, b, C, e0, r, v0, p, dy):
    n = y.shape[1]
    for i in range(n):
        y0, y1, y2, y3, y4, y5 = y[0, i], y[1, i], y[2, i], y[3, i], y[4, i], y[5, i]
        dy[0, i] = y3
        dy[1, i] = y4
        dy[2, i] = y5
        dy[3, i] = A * a * _jr_sigmoid(y1 - y2, e0, r, v0) - 2.0 * a * y3 - a * a * y0
        dy[4, i] = (
            A * a * (p + c[i] + 0.8 * C * _jr_sigmoid(C * y0, e0, r, v0))
            - 2.0 * a * y4
            - a * a * y1
        )
        dy[5, i] = (
            B * b * 0.25 * C * _jr_sigmoid(0.25 * C * y0, e0, r, v0)
            - 2.0 * b * y5
            - b * b * y2
        )


@numba.njit(**JIT)
def _jr_coupling(y, W, G, e0, r, v0, c):
    n = y.shape[1]
    rate = np.empty(n)
    for j in range(n):
        rate[j] = _jr_sigmoid(y[1, j] - y[2, j], e0, r, v0)
    c[:] = G * (W @ rate)


@numba.njit(**JIT)
def jansen_rit_rk4(y, params, W, G, dt, n_steps, record_every):
    """RK4 of Jansen-Rit nodes with dense additive coupling; records y1 - y2."""
    A, B, a, b, C, e0, r, v0, p = params
    n = y.shape[1]
    out = np.empty((n_steps // record_every + (n_steps % record_every > 0), n))
    c = np.empty(n)
    k1 = np.empty_like(y)
    k2 = np.empty_like(y)
    k3 = np.empty_like(y)
    k4 = np.empty_like(y)
    x = np.empty_like(y)
    for step in range(n_steps):
        if step % record_every == 0:
            out[step // record_every] = y[1] - y[2]
        _jr_coupling(y, W, G, e0, r, v0, c)
        _jr_rhs(y, c, A, B, a, b, C, e0, r, v0, p, k1)
        x[:] = y + 0.5 * dt * k1
        _jr_coupling(x, W, G, e0, r, v0, c)
        _jr_rhs(x, c, A, B, a, b, C, e0, r, v0, p, k2)
        x[:] = y + 0.5 * dt * k2
        _jr_coupling(x, W, G, e0, r, v0, c)
        _jr_rhs(x, c, A, B, a, b, C, e0, r, v0, p, k3)
        x[:] = y + dt * k3
        _jr_coupling(x, W, G, e0, r, v0, c)
        _jr_rhs(x, c, A, B, a, b, C, e0, r, v0, p, k4)
        y += dt / 6.0 * (k1 + 2.0 * (k2 + k3) + k4)
    return out


@numba.njit(**JIT)
def _delayed_input(
    step, stage_offset, rate_now, history, data, indices, indptr, delay_steps, G, c
):
    """Delayed additive coupling with linear interpolation in the history.

    ``history[step % n_slots, j]`` contains node j's rate at that step. The
    value at ``t_n + offset dt - tau`` is interpolated
    between the two stored steps around it, or between step n and the current
    stage when the delay is shorter than the offset.
    """
    n_slots = history.shape[0]
    n = c.shape[0]
    for i in range(n):
        total = 0.0
        for q in range(indptr[i], indptr[i + 1]):
            j = indices[q]
            lag = delay_steps[q] - stage_offset
            if abs(lag - round(lag)) <= 1e-9 * max(1.0, abs(lag)):
                lag = round(lag)
            if lag >= 0.0:
                k = int(math.floor(lag))
                f = lag - k
                newer = history[(step - k) % n_slots, j]
                older = history[(step - k - 1) % n_slots, j]
                value = newer + f * (older - newer)
            else:
                f = (stage_offset - delay_steps[q]) / stage_offset
                past = history[step % n_slots, j]
                value = past + f * (rate_now[j] - past)
            total += data[q] * value
        c[i] = G * total


@numba.njit(**JIT)
def jansen_rit_delayed_stochastic_heun(
    y,
    params,
    data,
    indices,
    indptr,
    delays,
    G,
    dt,
    n_steps,
    record_every,
    sigma_y4,
    normals,
):
    """Stochastic Heun of Jansen-Rit nodes with delayed coupling (CSR).

    ``delays`` are per stored entry in time units; ``normals (n_steps, 1, n)``
    are the standard normals of the additive noise on y4.
    """
    A, B, a, b, C, e0, r, v0, p = params
    n = y.shape[1]
    delay_steps = delays / dt
    max_lag = 0
    for q in range(delay_steps.shape[0]):
        max_lag = max(max_lag, int(math.floor(delay_steps[q] + 1e-9)))
    history = np.empty((max_lag + 2, n))
    rate = np.empty(n)
    for j in range(n):
        rate[j] = _jr_sigmoid(y[1, j] - y[2, j], e0, r, v0)
    for slot in range(history.shape[0]):
        history[slot] = rate
    out = np.empty((n_steps // record_every + (n_steps % record_every > 0), n))
    c = np.empty(n)
    k1 = np.empty_like(y)
    k2 = np.empty_like(y)
    x = np.empty_like(y)
    sqrt_dt = math.sqrt(dt)
    for step in range(n_steps):
        for j in range(n):
            rate[j] = _jr_sigmoid(y[1, j] - y[2, j], e0, r, v0)
        history[step % history.shape[0]] = rate
        if step % record_every == 0:
            out[step // record_every] = y[1] - y[2]
        _delayed_input(
            step, 0.0, rate, history, data, indices, indptr, delay_steps, G, c
        )
        _jr_rhs(y, c, A, B, a, b, C, e0, r, v0, p, k1)
        x[:] = y + dt * k1
        for i in range(n):
            x[4, i] += sigma_y4 * sqrt_dt * normals[step, 0, i]
        for j in range(n):
            rate[j] = _jr_sigmoid(x[1, j] - x[2, j], e0, r, v0)
        _delayed_input(
            step, 1.0, rate, history, data, indices, indptr, delay_steps, G, c
        )
        _jr_rhs(x, c, A, B, a, b, C, e0, r, v0, p, k2)
        y += 0.5 * dt * (k1 + k2)
        for i in range(n):
            y[4, i] += sigma_y4 * sqrt_dt * normals[step, 0, i]
    return out


# ----------------------------------------------------------------------
# Stuart-Landau
# ----------------------------------------------------------------------
@numba.njit(**JIT)
def _sl_rhs(x, y, cx, cy, alpha, omega, gamma, beta, dx, dy):
    for i in range(x.shape[0]):
        r2 = x[i] * x[i] + y[i] * y[i]
        dx[i] = alpha * x[i] - omega * y[i] - (gamma * x[i] - beta * y[i]) * r2 + cx[i]
        dy[i] = omega * x[i] + alpha * y[i] - (beta * x[i] + gamma * y[i]) * r2 + cy[i]


@numba.njit(**JIT)
def _diffusive_csr(v, data, indices, indptr, G, out):
    for i in range(v.shape[0]):
        total = 0.0
        for q in range(indptr[i], indptr[i + 1]):
            total += data[q] * (v[indices[q]] - v[i])
        out[i] = G * total


@numba.njit(**JIT)
def stuart_landau_rk4(
    x, y, params, data, indices, indptr, G, dt, n_steps, record_every
):
    """RK4 of Stuart-Landau nodes with sparse diffusive coupling; records x."""
    alpha, omega, gamma, beta = params
    n = x.shape[0]
    out = np.empty((n_steps // record_every + (n_steps % record_every > 0), n))
    cx = np.empty(n)
    cy = np.empty(n)
    kx = np.empty((4, n))
    ky = np.empty((4, n))
    xs = np.empty(n)
    ys = np.empty(n)
    weights = (0.0, 0.5, 0.5, 1.0)
    for step in range(n_steps):
        if step % record_every == 0:
            out[step // record_every] = x
        for s in range(4):
            if s == 0:
                xs[:] = x
                ys[:] = y
            else:
                xs[:] = x + weights[s] * dt * kx[s - 1]
                ys[:] = y + weights[s] * dt * ky[s - 1]
            _diffusive_csr(xs, data, indices, indptr, G, cx)
            _diffusive_csr(ys, data, indices, indptr, G, cy)
            _sl_rhs(xs, ys, cx, cy, alpha, omega, gamma, beta, kx[s], ky[s])
        x += dt / 6.0 * (kx[0] + 2.0 * (kx[1] + kx[2]) + kx[3])
        y += dt / 6.0 * (ky[0] + 2.0 * (ky[1] + ky[2]) + ky[3])
    return out


# ----------------------------------------------------------------------
# Wilson-Cowan
# ----------------------------------------------------------------------
@numba.njit(**JIT)
def _wc_rhs(x, y, c, params, dx, dy):
    w_xx, w_xy, w_yx, w_yy, P_x, P_y, tau_x, tau_y, theta = params
    for i in range(x.shape[0]):
        ex = w_xx * x[i] - w_xy * y[i] + P_x + c[i] - theta
        iy = w_yx * x[i] - w_yy * y[i] + P_y - theta
        dx[i] = (-x[i] + 1.0 / (1.0 + math.exp(-ex))) / tau_x
        dy[i] = (-y[i] + 1.0 / (1.0 + math.exp(-iy))) / tau_y


@numba.njit(**JIT)
def wilson_cowan_rk4(x, y, params, W, G, dt, n_steps, record_every):
    """RK4 of Wilson-Cowan nodes with dense additive coupling; records x."""
    n = x.shape[0]
    out = np.empty((n_steps // record_every + (n_steps % record_every > 0), n))
    c = np.empty(n)
    kx = np.empty((4, n))
    ky = np.empty((4, n))
    xs = np.empty(n)
    ys = np.empty(n)
    weights = (0.0, 0.5, 0.5, 1.0)
    for step in range(n_steps):
        if step % record_every == 0:
            out[step // record_every] = x
        for s in range(4):
            if s == 0:
                xs[:] = x
                ys[:] = y
            else:
                xs[:] = x + weights[s] * dt * kx[s - 1]
                ys[:] = y + weights[s] * dt * ky[s - 1]
            c[:] = G * (W @ xs)
            _wc_rhs(xs, ys, c, params, kx[s], ky[s])
        x += dt / 6.0 * (kx[0] + 2.0 * (kx[1] + kx[2]) + kx[3])
        y += dt / 6.0 * (ky[0] + 2.0 * (ky[1] + ky[2]) + ky[3])
    return out
