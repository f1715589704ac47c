#!/usr/bin/python3
"""PyTorch reference figures for sparknn's engine benchmark (BENCHMARKS.md, issue 7).

Trains the same two MNIST networks as io.sparknn.bench.EngineBench, with the same shapes,
batch sizes, optimizers and loop structure (a shuffled permutation per epoch, each minibatch
gathered from tensors already in memory, no DataLoader), in float32 on CPU, and prints samples/s
per epoch (wall clock and per CPU-second of the process; training only, evaluation is not timed) and the test accuracy after each epoch.

  /usr/bin/python3 tools/pytorch/mnist_bench.py --model mlp|lenet [--threads 2] [--epochs E]
      [--lr LR] [--batch B] [--schedule cosine|constant] [--max-seconds S] [--data ../shared/data/mnist]

Debian's python3-torch (1.13) imports only under /usr/bin/python3 and starts with one thread:
--threads sets torch.set_num_threads (default 2, the cores of the benchmark machine).
The last line is machine-readable: RESULT pytorch model=... samples_per_s=... test_accuracy=...
"""
import argparse
import datetime
import gzip
import os
import statistics
import struct
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

DEFAULTS = {"mlp": dict(batch=128, epochs=10, lr=1e-3), "lenet": dict(batch=64, epochs=4, lr=0.02)}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, n = struct.unpack(">II", data[:8])
    if magic == 2051:
        rows, cols = struct.unpack(">II", data[8:16])
        return np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    return np.frombuffer(data, dtype=np.uint8, offset=8).astype(np.int64)


def load(data_dir, prefix):
    x = read_idx(os.path.join(data_dir, prefix + "-images-idx3-ubyte.gz")).astype(np.float32) / 255
    y = read_idx(os.path.join(data_dir, prefix + "-labels-idx1-ubyte.gz"))
    return torch.from_numpy(x), torch.from_numpy(y)


def network(model):
    if model == "mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    return nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 20, 5), nn.MaxPool2d(2), nn.Conv2d(20, 50, 5),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


def forward_flops(model):
    # 2 FLOPs per multiply-add of the forward GEMMs, as Models.forwardFlops in the Java benchmark
    if model == "mlp":
        return 2 * (784 * 256 + 256 * 128 + 128 * 10)
    return 2 * (20 * 1 * 25 * 24 * 24 + 50 * 20 * 25 * 8 * 8 + 800 * 500 + 500 * 10)


def accuracy(net, x, y):
    net.eval()
    with torch.no_grad():
        correct = sum((net(x[i:i + 1000]).argmax(1) == y[i:i + 1000]).sum().item() for i in range(0, len(x), 1000))
    net.train()
    return correct / len(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["mlp", "lenet"], default="mlp")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int)
    p.add_argument("--lr", type=float)
    p.add_argument("--batch", type=int)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--data", default="../shared/data/mnist")
    p.add_argument("--schedule", choices=["cosine", "constant"], default="cosine")
    p.add_argument("--max-seconds", type=float, default=0, help="stop after the epoch that passes this training time")
    a = p.parse_args()
    d = DEFAULTS[a.model]
    epochs, lr, batch = a.epochs or d["epochs"], a.lr or d["lr"], a.batch or d["batch"]
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "t10k")
    net = network(a.model)
    opt = torch.optim.Adam(net.parameters(), lr=lr) if a.model == "mlp" \
        else torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    steps = epochs * ((len(xtr) + batch - 1) // batch)
    # cosine annealing to 0 over the whole run, stepped per batch, as EngineBench's LrSchedule.Cosine
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps) if a.schedule == "cosine" else None
    flops = 3 * forward_flops(a.model)
    print(f"pytorch {a.model} | torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
          f"{torch.backends.mkldnn.is_available() and 'mkldnn' or 'no mkldnn'}, {datetime.date.today()}")
    print(f"batch {batch}, {type(opt).__name__} lr {lr} ({a.schedule} schedule), {epochs} epochs, {flops / 1e6:.3f} MFLOP per example")
    rates, cpu_rates, train_seconds, acc = [], [], 0.0, 0.0
    n = len(xtr)
    for e in range(epochs):
        t0, c0 = time.perf_counter(), time.process_time()
        order = torch.randperm(n)
        loss_sum = 0.0
        for i in range(0, n, batch):
            idx = order[i:i + batch]
            xb, yb = xtr[idx], ytr[idx]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
            loss_sum += loss.item() * len(idx)
        s = time.perf_counter() - t0
        train_seconds += s
        rates.append(n / s)
        cpu_rates.append(n / (time.process_time() - c0))
        acc = accuracy(net, xte, yte)
        print(f"epoch {e + 1:2d}: loss {loss_sum / n:.4f}  {n / s:9,.0f} samples/s  {n / s * flops / 1e9:5.1f} GFLOP/s"
              f"  {cpu_rates[-1]:9,.0f} samples/CPU-s  test accuracy {100 * acc:.2f}%  (train time so far {train_seconds:.1f} s)")
        if 0 < a.max_seconds <= train_seconds:
            epochs = e + 1
            break
    med = statistics.median(rates)
    print(f"RESULT pytorch model={a.model} threads={torch.get_num_threads()} samples_per_s={med:.0f} "
          f"best_samples_per_s={max(rates):.0f} samples_per_cpu_s={statistics.median(cpu_rates):.0f} "
          f"gflops={med * flops / 1e9:.1f} test_accuracy={acc:.4f} epochs={epochs} train_seconds={train_seconds:.1f}")


if __name__ == "__main__":
    main()
