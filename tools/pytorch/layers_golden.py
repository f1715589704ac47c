#!/usr/bin/python3
"""Golden values of the simple layers and losses from PyTorch, for LayersGoldenTest.

Run with Debian's interpreter (python3-torch 1.13): /usr/bin/python3 tools/pytorch/layers_golden.py
Writes engine/src/test/resources/golden/layers.txt: one tensor per line, `name v1 v2 ...`
(flattened row-major, float64 printed with repr so it reads back exactly).
"""
import torch
import torch.nn.functional as F

from golden import GoldenFile

golden = GoldenFile(seed=1234)
put = golden.put


def grad_of(fn, x, dy):
    x = x.clone().requires_grad_(True)
    y = fn(x)
    y.backward(dy)
    return y, x.grad


# Activations: x includes 0 (LeakyReLU's derivative there is the slope) and large |x|.
x = torch.tensor([[-3.0, -0.5, 0.0, 0.25, 2.0], [40.0, -40.0, 1.5, -1.5, 0.0]])
dy = torch.randn(2, 5)
put("act.x", x)
put("act.dy", dy)
for name, fn in [("leaky_relu", lambda v: F.leaky_relu(v, 0.2)), ("sigmoid", torch.sigmoid),
                 ("tanh", torch.tanh), ("softmax", lambda v: torch.softmax(v, dim=-1))]:
    y, dx = grad_of(fn, x, dy)
    put(name + ".y", y)
    put(name + ".dx", dx)

# Batch norm, one training step then inference, in both layouts.
for name, shape, cls in [("bn1d", (6, 4), torch.nn.BatchNorm1d), ("bn2d", (3, 2, 4, 5), torch.nn.BatchNorm2d)]:
    c = shape[1]
    bn = cls(c, eps=1e-5, momentum=0.1)
    with torch.no_grad():
        bn.weight.copy_(torch.rand(c) + 0.5)
        bn.bias.copy_(torch.randn(c))
        bn.running_mean.copy_(torch.randn(c))
        bn.running_var.copy_(torch.rand(c) + 0.5)
    put(name + ".gamma", bn.weight)
    put(name + ".beta", bn.bias)
    put(name + ".running_mean0", bn.running_mean)
    put(name + ".running_var0", bn.running_var)
    x = torch.randn(*shape) * 3 + 1
    dy = torch.randn(*shape)
    put(name + ".x", x)
    put(name + ".dy", dy)
    bn.train()
    y, dx = grad_of(bn, x, dy)
    put(name + ".y", y)
    put(name + ".dx", dx)
    put(name + ".dgamma", bn.weight.grad)
    put(name + ".dbeta", bn.bias.grad)
    put(name + ".running_mean1", bn.running_mean)
    put(name + ".running_var1", bn.running_var)
    bn.eval()
    put(name + ".y_eval", bn(x))

# Losses, summed (the engine returns sums; PyTorch's mean is sum / count).
z = torch.tensor([[-30.0, -2.0, 0.0], [0.5, 3.0, 30.0], [-0.1, 800.0, -800.0], [1.0, -1.0, 2.0]])
t = torch.tensor([[0.0, 1.0, 0.5], [1.0, 0.0, 1.0], [0.3, 0.0, 1.0], [1.0, 1.0, 0.0]])
put("loss.z", z)
put("loss.t", t)
for name, fn in [("bce", lambda v: F.binary_cross_entropy_with_logits(v, t, reduction="sum")),
                 ("mse", lambda v: F.mse_loss(v, t, reduction="sum"))]:
    zz = z.clone().requires_grad_(True)
    loss = fn(zz)
    loss.backward()
    put(name + ".sum", loss)
    put(name + ".dz", zz.grad)

# nn.Linear without a bias (for a layer that batch norm follows): 5 examples, 4 -> 3. Drawn last, so
# the values above keep their random draws.
lin = torch.nn.Linear(4, 3, bias=False)
with torch.no_grad():
    lin.weight.copy_(torch.randn(3, 4))
x = torch.randn(5, 4)
dy = torch.randn(5, 3)
y, dx = grad_of(lin, x, dy)
put("linear_nobias.x", x)
put("linear_nobias.w", lin.weight)
put("linear_nobias.y", y)
put("linear_nobias.dy", dy)
put("linear_nobias.dx", dx)
put("linear_nobias.dw", lin.weight.grad)

golden.write("layers.txt")
