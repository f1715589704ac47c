#!/usr/bin/python3
"""Golden data for sparknn's L-BFGS: torch.optim.LBFGS (1.13) on a small float64 network and a function.

The network is Linear(4 -> 6), tanh, Linear(6 -> 3) with mean softmax cross-entropy on a fixed batch
of 12 examples; the closure evaluates that whole batch, as sparknn evaluates a step's batch at every
trial point. Inputs, labels and initial weights come from formulas (no random numbers). For each case
and each optimizer.step(closure) the file holds the loss the step returned (at its start), the number
of closure evaluations and the iteration count over the run (state['func_evals'], state['n_iter']),
and all parameters after the step, flattened as sparknn's dense layers hold them: weight (out, in)
row-major then bias, layer by layer.

Run with Debian's PyTorch:  /usr/bin/python3 tools/pytorch/lbfgs.py
Writes engine/src/test/resources/golden/lbfgs.txt (checked by optim/LbfgsGoldenTest).
"""
import math

import torch
import torch.nn.functional as F

from golden import fmt, write_lines

torch.set_default_dtype(torch.float64)

N, IN, HIDDEN, CLASSES = 12, 4, 6, 3
X = [[1.5 * math.sin(1.3 * i + 0.7 * j + 0.1) for j in range(IN)] for i in range(N)]
Y = [(i * 7 + 1) % CLASSES for i in range(N)]
W1 = [[0.4 * math.cos(0.9 * r + 1.7 * c + 0.3) for c in range(IN)] for r in range(HIDDEN)]
B1 = [0.05 * (r - 2.5) for r in range(HIDDEN)]
W2 = [[0.5 * math.sin(1.1 * r - 0.8 * c + 0.2) for c in range(HIDDEN)] for r in range(CLASSES)]
B2 = [0.1, -0.05, 0.02]


def cases():
    """(name, sparknn optimizer text, torch LBFGS keyword arguments, steps)."""
    return [
        # PyTorch's defaults: lr 1, max_iter 20, max_eval 25, no line search. One step: the fixed steps of
        # lr 1 then leave the well-conditioned region, where rounding differences of 1e-12 grow to 10%
        ("defaults", "lbfgs", dict(), 1),
        # a short history that fills and shifts, fewer iterations than evaluations allow
        ("none_short_history", "lbfgs lr=0.8 max_iter=7 history_size=3", dict(lr=0.8, max_iter=7, history_size=3), 4),
        # strong Wolfe with PyTorch's defaults otherwise
        ("strong_wolfe", "lbfgs line_search_fn=strong_wolfe", dict(line_search_fn="strong_wolfe"), 3),
        # strong Wolfe stopped by max_eval before max_iter, a short history
        ("strong_wolfe_max_eval", "lbfgs max_iter=10 max_eval=8 history_size=2 line_search_fn=strong_wolfe",
         dict(max_iter=10, max_eval=8, history_size=2, line_search_fn="strong_wolfe"), 4),
        # a first trial far too long: the bracketing and zoom phases of the search shorten it
        ("strong_wolfe_long_trial", "lbfgs lr=200.0 max_iter=6 line_search_fn=strong_wolfe",
         dict(lr=200.0, max_iter=6, line_search_fn="strong_wolfe"), 3),
    ]


# The Rosenbrock function in 4 dimensions, computed with Python floats in a fixed order (sparknn's test
# computes it in the same order), behind a wall: where any |x_i| > WALL the loss is inf and the gradient
# NaN, as an overflow gives them. A line search whose trial point lands there must back off as PyTorch's
# comparisons with inf and NaN make it.
WALL = 2.0
X0 = [-1.2, 1.0, -1.2, 1.0]


def rosenbrock(x):
    n = len(x)
    if any(abs(v) > WALL for v in x):
        return math.inf, [math.nan] * n
    f = 0.0
    g = [0.0] * n
    for i in range(n - 1):
        a = x[i + 1] - x[i] * x[i]
        b = 1.0 - x[i]
        f += 100.0 * a * a + b * b
        g[i] += -400.0 * x[i] * a - 2.0 * b
        g[i + 1] += 200.0 * a
    return f, g


def function_cases():
    """(name, sparknn optimizer text, torch LBFGS keyword arguments, steps) on the walled Rosenbrock."""
    return [
        # the first trial (t = lr / ||g||_1 along -g) lands beyond the wall: inf loss, NaN gradient
        ("rosenbrock_wall_wolfe", "lbfgs lr=10.0 max_iter=15 line_search_fn=strong_wolfe",
         dict(lr=10.0, max_iter=15, line_search_fn="strong_wolfe"), 4),
        ("rosenbrock_wolfe", "lbfgs max_iter=30 history_size=4 line_search_fn=strong_wolfe",
         dict(max_iter=30, history_size=4, line_search_fn="strong_wolfe"), 3),
        ("rosenbrock_none", "lbfgs lr=0.5 max_iter=12 history_size=5", dict(lr=0.5, max_iter=12, history_size=5), 4),
    ]


def run_function(out, name, spec, kwargs, steps):
    x = torch.tensor(X0, requires_grad=True)
    opt = torch.optim.LBFGS([x], **kwargs)
    evaluated = []

    def closure():
        f, g = rosenbrock(x.detach().tolist())
        evaluated.append(f)
        x.grad = torch.tensor(g)
        return torch.tensor(f)

    out.append("case " + name)
    out.append("function rosenbrock wall " + fmt(WALL) + " start " + " ".join(fmt(v) for v in X0))
    out.append("optimizer " + spec)
    for t in range(steps):
        loss = opt.step(closure)
        state = opt.state[x]
        flat = x.detach().tolist()
        assert all(math.isfinite(v) for v in flat), name + ": a parameter is not finite"
        out.append("step %d loss %s evals %d iters %d params %s" % (
            t, fmt(loss.item()), state["func_evals"], state["n_iter"], " ".join(fmt(v) for v in flat)))
    if name == "rosenbrock_wall_wolfe":
        assert math.inf in evaluated, name + ": no trial point beyond the wall"
    out.append("end")


def run(out, name, spec, kwargs, steps):
    params = [torch.tensor(W1, requires_grad=True), torch.tensor(B1, requires_grad=True),
              torch.tensor(W2, requires_grad=True), torch.tensor(B2, requires_grad=True)]
    w1, b1, w2, b2 = params
    x = torch.tensor(X)
    y = torch.tensor(Y)
    opt = torch.optim.LBFGS(params, **kwargs)

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(torch.tanh(x @ w1.T + b1) @ w2.T + b2, y)
        loss.backward()
        return loss

    out.append("case " + name)
    out.append("optimizer " + spec)
    for t in range(steps):
        loss = opt.step(closure)
        state = opt.state[params[0]]
        flat = torch.cat([p.detach().reshape(-1) for p in params]).tolist()
        assert all(math.isfinite(v) for v in flat), name + ": a parameter is not finite"
        out.append("step %d loss %s evals %d iters %d params %s" % (
            t, fmt(loss.item()), state["func_evals"], state["n_iter"], " ".join(fmt(v) for v in flat)))
    out.append("end")


def main():
    out = ["# torch.optim.LBFGS steps, generated by tools/pytorch/lbfgs.py with PyTorch " + torch.__version__
           + " (float64). Do not edit; regenerate.",
           "# net: dense 6, tanh, dense 3, softmax cross-entropy (mean) on x (12, 4), labels y; init: the",
           "# parameters in sparknn's order. Step lines: the loss at the step's start, state['func_evals'] and",
           "# state['n_iter'] after the step (over the run), the parameters after it."]
    out.append("x " + " ".join(fmt(v) for row in X for v in row))
    out.append("y " + " ".join(str(v) for v in Y))
    init = [v for row in W1 for v in row] + B1 + [v for row in W2 for v in row] + B2
    out.append("init " + " ".join(fmt(v) for v in init))
    for case in cases():
        run(out, *case)
    for case in function_cases():
        run_function(out, *case)
    write_lines("lbfgs.txt", out)


if __name__ == "__main__":
    main()
