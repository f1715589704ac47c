#!/usr/bin/python3
"""Golden K-FAC factors from PyTorch forward and backward hooks, for KfacGoldenTest.

For every nn.Linear and nn.Conv2d, a forward hook keeps the layer's input and a full backward hook
the gradient of the summed loss in its output, on one batch, in float64. The loss's targets are the
true Fisher's: one class per example sampled from the model's softmax by the engine's hash of
(seed, step, example id, row) (KfacShards.uniform, computed here bit for bit). Then, as
Kfac's class comment defines them (Martens and Grosse 2015; Grosse and Martens 2016 for conv):
  A = (1/N) Σ_i Σ_t ā ā^T   (ā the input, a conv's patch by F.unfold, with a 1 for the bias)
  G = (1/(N |T|)) Σ_i Σ_t g g^T   (g the output gradient at location t)
Two networks: an MLP (dense with and without a bias, relu, tanh) and a CNN (conv2d with a
non-square kernel, stride 2 and padding 1 with a bias; conv2d without a bias; flatten; dense).

Run with Debian's interpreter (python3-torch 1.13), see README.md:
  /usr/bin/python3 tools/pytorch/kfac.py
Writes engine/src/test/resources/golden/kfac.txt: per case <case>.x, .w (the flat parameters in the
engine's layout), .labels (the sampled classes), .A<k> and .G<k> for the k-th dense or conv2d layer.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from golden import GoldenFile

golden = GoldenFile(seed=2727)
put = golden.put

M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
SEED, STEP = 5, 2


def mix(z):
    z = (z + GOLDEN) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def uniform(seed, step, example_id, row):
    z = mix((mix((mix((mix(seed ^ 0x4B464143) + step) & M64) + example_id) & M64) + row) & M64)
    return (z >> 11) * 2.0 ** -53


def sample(logits, ids):
    labels = []
    for r in range(logits.shape[0]):
        row = [float(v) for v in logits[r]]
        m = max(row)
        e = [torch.exp(torch.tensor(v - m)).item() for v in row]
        s = 0.0
        for v in e:
            s += v
        u = uniform(SEED, STEP, ids[r], 0) * s
        k = len(e) - 1
        c = 0.0
        for j, v in enumerate(e):
            c += v
            if u < c:
                k = j
                break
        labels.append(k)
    return torch.tensor(labels)


def flat(model):
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


def case(name, model, x):
    n = x.shape[0]
    ids = [100 + i for i in range(n)]
    layers = [m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    inputs, grads = {}, {}
    for m in layers:
        m.register_forward_hook(lambda mod, inp, out: inputs.__setitem__(mod, inp[0].detach()))
        m.register_full_backward_hook(lambda mod, gin, gout: grads.__setitem__(mod, gout[0].detach()))
    out = model(x)
    labels = sample(out.detach(), ids)
    F.cross_entropy(out, labels, reduction="sum").backward()
    put(name + ".x", x)
    put(name + ".w", flat(model))
    put(name + ".labels", labels)
    for k, m in enumerate(layers):
        a = inputs[m]
        g = grads[m]
        if isinstance(m, nn.Conv2d):
            patches = F.unfold(a, m.kernel_size, padding=m.padding, stride=m.stride)  # (N, C·kh·kw, L)
            locations = patches.shape[2]
            a = patches.transpose(1, 2).reshape(-1, patches.shape[1])
            g = g.reshape(n, g.shape[1], -1).transpose(1, 2).reshape(-1, g.shape[1])
        else:
            locations = 1
        if m.bias is not None:
            a = torch.cat([a, torch.ones(a.shape[0], 1)], dim=1)
        put(name + ".A" + str(k), a.t() @ a / n)
        put(name + ".G" + str(k), g.t() @ g / (n * locations))


mlp = nn.Sequential(nn.Linear(5, 6), nn.ReLU(), nn.Linear(6, 4, bias=False), nn.Tanh(), nn.Linear(4, 3))
case("mlp", mlp, torch.randn(7, 5))

cnn = nn.Sequential(
    nn.Conv2d(2, 3, (3, 2), stride=2, padding=1), nn.ReLU(),
    nn.Conv2d(3, 4, 2, bias=False), nn.Tanh(),
    nn.Flatten(), nn.Linear(36, 3))
case("cnn", cnn, torch.randn(4, 2, 7, 6))

golden.write("kfac.txt")
