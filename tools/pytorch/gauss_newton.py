#!/usr/bin/python3
"""Golden Gauss-Newton-vector products G·v = Jᵀ·H_L·J·v from PyTorch, for GaussNewtonGoldenTest.

J·v by torch.autograd.functional.jvp of the network's outputs in its flat parameters, H_L·(J·v) by
torch.autograd.functional.hvp of the summed loss in the outputs, Jᵀ·(H_L·J·v) by
torch.autograd.functional.vjp (torch.func does not exist in 1.13). Every layer with an R-op and
every loss appears: dense (with and without a bias), relu and leaky relu (each with a unit whose
pre-activation is exactly 0: the derivative's convention at 0), sigmoid, tanh, softmax, dropout
(the engine's counter-hash mask, computed here bit for bit), conv2d (with and without a bias),
max pool (over a channel of exact zeros: ties, the first maximum wins), avg pool, flatten; softmax
cross-entropy with labels and with probability targets, MSE, BCE with logits, all summed.

Run with Debian's interpreter (python3-torch 1.13), see README.md:
  /usr/bin/python3 tools/pytorch/gauss_newton.py
Writes engine/src/test/resources/golden/gauss_newton.txt: per case <case>.x, .targets (labels or
values), .w (the flat parameters in the engine's layout, which is PyTorch's per layer), .v, .jv
(J·v of the outputs), .gv.
"""
import torch
import torch.nn.functional as F

from golden import GoldenFile

golden = GoldenFile(seed=2610)
put = golden.put

# ---- the engine's dropout mask (kernel/CounterHash, DropoutKernels.fillMask), bit for bit ----
M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def mix(z):
    z &= M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def combine(key, coordinate):
    return mix(key + GOLDEN + mix(coordinate + GOLDEN) * 31)


def uniform(key, index):
    return (mix(key + (index + 1) * GOLDEN) >> 11) * 2.0 ** -53


def dropout_mask(p, seed, step, layer, ids, size):
    scale = 1 / (1 - p)
    rows = []
    for i in ids:
        key = combine(combine(combine(mix(seed + GOLDEN), step), layer), i)
        rows.append([scale if uniform(key, j) >= p else 0.0 for j in range(size)])
    return torch.tensor(rows)


SEED, STEP = 5, 2


# ---- a network as a list of layers over one flat parameter vector ----
def param_count(layers):
    c = 0
    for l in layers:
        if l[0] == "dense":
            c += l[2] * l[1] + (l[2] if l[3] else 0)
        elif l[0] == "conv":
            c += l[2] * l[1] * l[3] * l[3] + (l[2] if l[6] else 0)
    return c


def forward(layers, w, x, ids):
    h = x
    o = 0
    for index, l in enumerate(layers):
        kind = l[0]
        if kind == "dense":
            _, fin, fout, bias = l
            W = w[o:o + fout * fin].reshape(fout, fin)
            o += fout * fin
            b = None
            if bias:
                b = w[o:o + fout]
                o += fout
            h = F.linear(h, W, b)
        elif kind == "conv":
            _, cin, cout, k, stride, pad, bias = l
            W = w[o:o + cout * cin * k * k].reshape(cout, cin, k, k)
            o += cout * cin * k * k
            b = None
            if bias:
                b = w[o:o + cout]
                o += cout
            h = F.conv2d(h, W, b, stride=stride, padding=pad)
        elif kind == "maxpool":
            h = F.max_pool2d(h, l[1], l[2])
        elif kind == "avgpool":
            h = F.avg_pool2d(h, l[1], l[2])
        elif kind == "flatten":
            h = h.reshape(h.shape[0], -1)
        elif kind == "relu":
            h = F.relu(h)
        elif kind == "leaky_relu":
            h = F.leaky_relu(h, l[1])
        elif kind == "sigmoid":
            h = torch.sigmoid(h)
        elif kind == "tanh":
            h = torch.tanh(h)
        elif kind == "softmax":
            h = torch.softmax(h, dim=-1)
        elif kind == "dropout":
            size = h[0].numel()
            mask = dropout_mask(l[1], SEED, STEP, index, ids, size).reshape(h.shape)
            h = h * mask
        else:
            raise ValueError(kind)
    assert o == w.numel(), (o, w.numel())
    return h


def loss_fn(kind, targets):
    if kind == "sce_labels":
        return lambda out: F.cross_entropy(out, targets, reduction="sum")
    if kind == "sce_probabilities":
        return lambda out: -(targets * torch.log_softmax(out, dim=-1)).sum()
    if kind == "mse":
        return lambda out: ((out - targets) ** 2).sum()
    if kind == "bce":
        return lambda out: F.binary_cross_entropy_with_logits(out, targets, reduction="sum")
    raise ValueError(kind)


def case(name, layers, x, targets, loss, w, ids):
    v = torch.randn(w.numel())
    f = lambda p: forward(layers, p, x, ids)
    out, jv = torch.autograd.functional.jvp(f, w, v)
    _, hjv = torch.autograd.functional.hvp(loss_fn(loss, targets), out.detach(), jv)
    _, gv = torch.autograd.functional.vjp(f, w, hjv)
    put(name + ".x", x)
    put(name + ".targets", targets)
    put(name + ".w", w)
    put(name + ".v", v)
    put(name + ".jv", jv)
    put(name + ".gv", gv)


def ids_of(n):
    return [100 + i for i in range(n)]


# A: every activation between dense layers; unit 0 of the first and of the second dense layer has
# zero weights and bias, so relu and leaky relu see a pre-activation of exactly 0.
layers = [("dense", 5, 6, True), ("relu",), ("dense", 6, 6, True), ("leaky_relu", 0.1),
          ("dense", 6, 5, True), ("sigmoid",), ("dense", 5, 4, True), ("tanh",), ("dense", 4, 3, True)]
w = torch.randn(param_count(layers))
w[0:5] = 0          # W1 row 0
w[30] = 0           # b1[0]
w[36:42] = 0        # W2 row 0
w[72] = 0           # b2[0]
n = 4
case("activations", layers, torch.randn(n, 5), torch.tensor([0, 2, 1, 2]), "sce_labels", w, ids_of(n))

# B: dropout (p 0.4, layer index 2) and softmax, MSE.
layers = [("dense", 4, 8, True), ("tanh",), ("dropout", 0.4), ("dense", 8, 5, True), ("softmax",)]
n = 3
case("dropout_softmax_mse", layers, torch.randn(n, 4), torch.randn(n, 5), "mse",
     torch.randn(param_count(layers)), ids_of(n))

# C: softmax cross-entropy with probability targets of mass 1.3 per row.
layers = [("dense", 4, 6, True), ("relu",), ("dense", 6, 3, True)]
n = 3
t = torch.softmax(torch.randn(n, 3), dim=-1) * 1.3
case("probabilities", layers, torch.randn(n, 4), t, "sce_probabilities", torch.randn(param_count(layers)), ids_of(n))

# D: dense without a bias, BCE with logits on targets in [0, 1].
layers = [("dense", 3, 5, False), ("leaky_relu", 0.2), ("dense", 5, 2, True)]
n = 4
case("bce", layers, torch.randn(n, 3), torch.rand(n, 2), "bce", torch.randn(param_count(layers)), ids_of(n))

# E: conv2d (bias, padding 1) → max pool over a channel of exact zeros (filter 0 and its bias are
# zero: every window ties) → sigmoid → conv2d without a bias → tanh → overlapping avg pool → flatten → dense.
layers = [("conv", 2, 3, 3, 1, 1, True), ("maxpool", 2, 2), ("sigmoid",), ("conv", 3, 4, 2, 1, 0, False),
          ("tanh",), ("avgpool", 2, 1), ("flatten",), ("dense", 4, 3, True)]
w = torch.randn(param_count(layers))
w[0:18] = 0         # filter 0 of the first conv
w[54] = 0           # its bias
n = 2
case("cnn", layers, torch.randn(n, 2, 7, 6), torch.tensor([2, 0]), "sce_labels", w, ids_of(n))

golden.write("gauss_newton.txt")
