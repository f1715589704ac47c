#!/usr/bin/python3
"""Golden values of nn.LSTM and nn.GRU from PyTorch, for RecurrentGoldenTest.

Run with Debian's interpreter (python3-torch 1.13): /usr/bin/python3 tools/pytorch/lstm.py
Writes engine/src/test/resources/golden/lstm/{lstm,gru}.txt: one tensor per line,
`name v1 v2 ...`, flattened row-major, float64 printed with repr so it reads back exactly.

Each case: sizes (n, T, in, hidden), weights in PyTorch's layout (W_ih, W_hh, b_ih, b_hh) drawn
from a seeded generator, input x (n, T, in), initial state (zero, or drawn), and for the loss
sum(output · R) with a fixed R: the output, the final state, and the gradients w.r.t. the four
parameter tensors, x and the initial state. "seq" returns all steps, "last" only the last.
"""
import os
import torch

torch.set_default_dtype(torch.float64)
N, T, IN, HIDDEN = 2, 5, 3, 4
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "engine", "src", "test", "resources", "golden", "lstm"))


def put(lines, name, t):
    t = torch.as_tensor(t).detach().reshape(-1)
    lines.append(name + " " + " ".join(repr(float(v)) for v in t))


def case(lines, kind, name, seed, sequences, zero_state):
    g = torch.Generator().manual_seed(seed)
    cls = torch.nn.LSTM if kind == "lstm" else torch.nn.GRU
    rnn = cls(IN, HIDDEN, batch_first=True)
    with torch.no_grad():
        for p in (rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, rnn.bias_hh_l0):
            # wider than PyTorch's default init so that the gates leave their linear range
            p.copy_((torch.rand(p.shape, generator=g) * 2 - 1) * 0.8)
    x = (torch.rand(N, T, IN, generator=g) * 2 - 1) * 1.5
    x.requires_grad_(True)
    h0 = torch.zeros(1, N, HIDDEN) if zero_state else (torch.rand(1, N, HIDDEN, generator=g) * 2 - 1)
    c0 = torch.zeros(1, N, HIDDEN) if zero_state else (torch.rand(1, N, HIDDEN, generator=g) * 2 - 1)
    h0.requires_grad_(True)
    c0.requires_grad_(True)
    if kind == "lstm":
        out, (hn, cn) = rnn(x, (h0, c0))
    else:
        out, hn = rnn(x, h0)
    y = out if sequences else out[:, -1, :]
    r = torch.rand(y.shape, generator=g) * 2 - 1
    (y * r).sum().backward()
    p = name + "."
    put(lines, p + "size", [N, T, IN, HIDDEN])
    put(lines, p + "w_ih", rnn.weight_ih_l0)
    put(lines, p + "w_hh", rnn.weight_hh_l0)
    put(lines, p + "b_ih", rnn.bias_ih_l0)
    put(lines, p + "b_hh", rnn.bias_hh_l0)
    put(lines, p + "x", x)
    put(lines, p + "h0", h0[0])
    put(lines, p + "r", r)
    put(lines, p + "y", y)
    put(lines, p + "hn", hn[0])
    put(lines, p + "dw_ih", rnn.weight_ih_l0.grad)
    put(lines, p + "dw_hh", rnn.weight_hh_l0.grad)
    put(lines, p + "db_ih", rnn.bias_ih_l0.grad)
    put(lines, p + "db_hh", rnn.bias_hh_l0.grad)
    put(lines, p + "dx", x.grad)
    put(lines, p + "dh0", h0.grad[0])
    if kind == "lstm":
        put(lines, p + "c0", c0[0])
        put(lines, p + "cn", cn[0])
        put(lines, p + "dc0", c0.grad[0])


os.makedirs(OUT, exist_ok=True)
for kind, seed in (("lstm", 7), ("gru", 8)):
    lines = []
    case(lines, kind, "seq", seed, sequences=True, zero_state=False)
    case(lines, kind, "last", seed + 100, sequences=False, zero_state=True)
    with open(os.path.join(OUT, kind + ".txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", os.path.join(OUT, kind + ".txt"))
