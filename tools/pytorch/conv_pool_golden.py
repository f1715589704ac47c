#!/usr/bin/python3
"""Golden values of Conv2d (with and without a bias), MaxPool2d and AvgPool2d from PyTorch, for ConvPoolGoldenTest.

Run with Debian's interpreter (python3-torch 1.13): /usr/bin/python3 tools/pytorch/conv_pool_golden.py
Writes engine/src/test/resources/golden/conv_pool.txt: one tensor per line, `name v1 v2 ...`
(flattened row-major, float64 printed with repr so it reads back exactly).
"""
import torch
import torch.nn.functional as F

from golden import GoldenFile

golden = GoldenFile(seed=4321)
put = golden.put


# Conv2d: 2 examples, 2 -> 3 channels, a 7x5 input, 3x2 kernel, stride 2, padding 1.
x = torch.randn(2, 2, 7, 5, requires_grad=True)
w = torch.randn(3, 2, 3, 2, requires_grad=True)
b = torch.randn(3, requires_grad=True)
y = F.conv2d(x, w, b, stride=2, padding=1)
dy = torch.randn(*y.shape)
y.backward(dy)
for name, t in [("conv.x", x), ("conv.w", w), ("conv.b", b), ("conv.y", y), ("conv.dy", dy),
                ("conv.dx", x.grad), ("conv.dw", w.grad), ("conv.db", b.grad)]:
    put(name, t)

# Overlapping pools (kernel 3, stride 2) on 3 examples of 2 channels, 7x6.
for name, fn in [("maxpool", lambda v: F.max_pool2d(v, 3, 2)), ("avgpool", lambda v: F.avg_pool2d(v, 3, 2))]:
    x = torch.randn(3, 2, 7, 6, requires_grad=True)
    y = fn(x)
    dy = torch.randn(*y.shape)
    y.backward(dy)
    put(name + ".x", x)
    put(name + ".y", y)
    put(name + ".dy", dy)
    put(name + ".dx", x.grad)

# nn.Conv2d without a bias (for a layer that batch norm follows): 2 examples, 3 -> 4 channels, a 6x5
# input, 3x3 kernel, stride 1, padding 1. Drawn last, so the values above keep their random draws.
conv = torch.nn.Conv2d(3, 4, 3, stride=1, padding=1, bias=False)
with torch.no_grad():
    conv.weight.copy_(torch.randn(4, 3, 3, 3))
x = torch.randn(2, 3, 6, 5, requires_grad=True)
y = conv(x)
dy = torch.randn(*y.shape)
y.backward(dy)
for name, t in [("conv_nobias.x", x), ("conv_nobias.w", conv.weight), ("conv_nobias.y", y), ("conv_nobias.dy", dy),
                ("conv_nobias.dx", x.grad), ("conv_nobias.dw", conv.weight.grad)]:
    put(name, t)

golden.write("conv_pool.txt")
