#!/usr/bin/python3
"""Golden data for sparknn's LARS and LAMB optimizers.

PyTorch 1.13 has neither, so this script writes their updates out in torch float64, one tensor at a
time, as sparknn's Lars and Lamb document them (the trust ratio per parameter tensor):

LARS (You, Gitman and Ginsburg 2017, Algorithm 1), lr gamma, momentum m, weight decay beta, trust
coefficient eta:
    adapted:  q = eta * |w| / (|g| + beta * |w|)  (1 when |w| = 0 or the denominator is 0)
              v = m * v + (gamma * q) * (g + beta * w)
    excluded: v = m * v + gamma * g
    w = w - v
LAMB (You et al. 2019, Algorithm 2 with bias correction, phi the identity), step t from 1:
    m = b1 * m + (1 - b1) * g;  v = b2 * v + (1 - b2) * g * g
    r = (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
    adapted:  u = r + wd * x,  q = |x| / |u|  (1 when either norm is 0)
    excluded: u = r,           q = 1
    x = x - (lr * q) * u

The problem: Linear(3 -> 4, bias=False) -> BatchNorm1d(4) -> Tanh -> Linear(4 -> 2), mean softmax
cross-entropy, float64, on a fixed batch; autograd gives the gradients. The tensors, in sparknn's flat
order: W1 (4, 3) weight, gamma (4) and beta (4) norm, W2 (2, 4) weight, b2 (2) bias. beta and b2 start
at zero, so a case without exclusions meets the trust ratio's zero-norm rule on its first step.
"exclude=bias_and_norm" leaves gamma, beta and b2 out of weight decay and the trust ratio.
Deterministic: no random numbers.

Run with Debian's PyTorch:  /usr/bin/python3 tools/pytorch/lars_lamb.py
Writes engine/src/test/resources/golden/lars_lamb.txt (see README.md).
"""

import torch
import torch.nn.functional as F

from golden import fmt, write_lines

torch.set_default_dtype(torch.float64)

X = [[0.5, -1.2, 0.3], [1.5, 0.2, -0.7], [-0.4, 0.9, 1.1], [0.8, -0.3, -1.6], [-1.3, 1.7, 0.25],
     [0.2, 0.6, -0.9]]
Y = [0, 1, 1, 0, 1, 0]
W1 = [[0.41, -0.27, 0.33], [-0.52, 0.18, 0.46], [0.29, 0.61, -0.38], [-0.15, -0.44, 0.57]]
GAMMA = [1.0, 1.0, 1.0, 1.0]
BETA = [0.0, 0.0, 0.0, 0.0]
W2 = [[0.35, -0.62, 0.21, 0.48], [-0.43, 0.27, -0.56, 0.19]]
B2 = [0.0, 0.0]
# the role of each tensor, in the order above
ROLES = ["weight", "norm", "norm", "weight", "bias"]


def adapts(exclude, role):
    return exclude == "none" or role == "weight"


def lars(tensors, state, lr, o):
    m, wd, eta = o["momentum"], o["weight_decay"], o["trust_coefficient"]
    for i, (p, role) in enumerate(zip(tensors, ROLES)):
        g = p.grad
        v = state.setdefault(i, torch.zeros_like(p))
        with torch.no_grad():
            if adapts(o["exclude"], role):
                wn = p.norm().item()
                den = g.norm().item() + wd * wn
                scale = lr * (eta * wn / den) if wn > 0 and den > 0 else lr
                d = g + wd * p
            else:
                scale = lr
                d = g
            v.copy_(m * v + scale * d)
            p.sub_(v)


def lamb(tensors, state, lr, o, t):
    b1, b2, eps, wd = o["beta1"], o["beta2"], o["eps"], o["weight_decay"]
    bc1 = 1 - b1 ** t
    bc2 = 1 - b2 ** t
    for i, (p, role) in enumerate(zip(tensors, ROLES)):
        g = p.grad
        m, v = state.setdefault(i, (torch.zeros_like(p), torch.zeros_like(p)))
        with torch.no_grad():
            m.copy_(b1 * m + (1 - b1) * g)
            v.copy_(b2 * v + (1 - b2) * g * g)
            r = (m / bc1) / (torch.sqrt(v / bc2) + eps)
            if adapts(o["exclude"], role):
                u = r + wd * p
                xn = p.norm().item()
                un = u.norm().item()
                scale = lr * (xn / un) if xn > 0 and un > 0 else lr
            else:
                u = r
                scale = lr
            p.sub_(scale * u)


LARS_DEFAULTS = {"lr": 1.0, "momentum": 0.9, "weight_decay": 0.0005, "trust_coefficient": 0.001,
                 "exclude": "bias_and_norm"}
LAMB_DEFAULTS = {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6, "weight_decay": 0.01,
                 "exclude": "bias_and_norm"}


def cases():
    """(name, kind, the keys given (the others at their defaults), step_size and gamma of a step
    schedule or None for a constant lr, steps)."""
    return [
        ("lars_no_exclusion", "lars",
         {"lr": 2.0, "momentum": 0.9, "weight_decay": 0.01, "trust_coefficient": 0.02, "exclude": "none"}, None, 6),
        ("lars_exclusion", "lars", {"lr": 2.0, "weight_decay": 0.01, "trust_coefficient": 0.02}, None, 6),
        ("lars_no_decay_no_momentum", "lars",
         {"lr": 1.5, "momentum": 0.0, "weight_decay": 0.0, "trust_coefficient": 0.05, "exclude": "none"}, None, 5),
        # the lr sits inside LARS's momentum buffer, so a changing lr tells it from PyTorch SGD's placement
        ("lars_step_schedule", "lars", {"lr": 3.0, "momentum": 0.8, "weight_decay": 0.05, "trust_coefficient": 0.01},
         (2, 0.5), 6),
        ("lamb_no_exclusion", "lamb", {"lr": 0.05, "weight_decay": 0.1, "exclude": "none"}, None, 6),
        ("lamb_exclusion", "lamb", {"lr": 0.05, "weight_decay": 0.1}, None, 6),
        ("lamb_no_decay", "lamb",
         {"lr": 0.03, "beta1": 0.8, "beta2": 0.95, "eps": 1e-8, "weight_decay": 0.0, "exclude": "none"}, None, 5),
        ("lamb_step_schedule", "lamb", {"lr": 0.04, "beta2": 0.9, "weight_decay": 0.02}, (2, 0.5), 6),
    ]


def text(kind, given):
    return kind + "".join(" %s=%s" % (k, v) for k, v in given.items())


def run(out, name, kind, given, sched, steps):
    o = dict(LARS_DEFAULTS if kind == "lars" else LAMB_DEFAULTS)
    o.update(given)
    w1 = torch.tensor(W1, requires_grad=True)
    gamma = torch.tensor(GAMMA, requires_grad=True)
    beta = torch.tensor(BETA, requires_grad=True)
    w2 = torch.tensor(W2, requires_grad=True)
    b2 = torch.tensor(B2, requires_grad=True)
    tensors = [w1, gamma, beta, w2, b2]
    x = torch.tensor(X)
    y = torch.tensor(Y)
    state = {}
    out.append("case " + name)
    out.append("optimizer " + text(kind, given))
    out.append("schedule " + ("constant" if sched is None else "step step_size=%d gamma=%s" % sched))
    for t in range(steps):
        for p in tensors:
            p.grad = None
        h = torch.tanh(F.batch_norm(x @ w1.T, None, None, gamma, beta, training=True, eps=1e-5))
        loss = F.cross_entropy(h @ w2.T + b2, y)
        loss.backward()
        lr = o["lr"] if sched is None else o["lr"] * sched[1] ** (t // sched[0])
        if kind == "lars":
            lars(tensors, state, lr, o)
        else:
            lamb(tensors, state, lr, o, t + 1)
        params = torch.cat([p.detach().reshape(-1) for p in tensors]).tolist()
        out.append("step %d lr %s loss %s params %s" % (t, fmt(lr), fmt(loss.item()), " ".join(fmt(v) for v in params)))
    out.append("end")


def main():
    out = ["# LARS and LAMB written out in torch float64, generated by tools/pytorch/lars_lamb.py with PyTorch "
           + torch.__version__ + ". Do not edit; regenerate."]
    out.append("# Linear(3->4, no bias) -> BatchNorm1d(4) -> Tanh -> Linear(4->2) + mean cross-entropy.")
    out.append("# x: (6, 3) row-major; y: labels; init: W1 (4, 3), gamma, beta, W2 (2, 4), b2, flat. Each step line:")
    out.append("# the lr used, the loss before the step, the parameters after it.")
    out.append("x " + " ".join(fmt(v) for row in X for v in row))
    out.append("y " + " ".join(str(v) for v in Y))
    out.append("init " + " ".join(fmt(v) for v in [v for row in W1 for v in row] + GAMMA + BETA
                                   + [v for row in W2 for v in row] + B2))
    for case in cases():
        run(out, *case)
    write_lines("lars_lamb.txt", out)


if __name__ == "__main__":
    main()
