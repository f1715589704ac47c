#!/usr/bin/python3
"""PyTorch 1.13 nn.LSTM forward+backward throughput, the reference for LstmBench.java.

Run with Debian's interpreter: /usr/bin/python3 tools/pytorch/lstm_bench.py [threads]
Shape as LstmBench: one-hot input of 70 symbols, hidden 256, batch 64, window 100, a Linear
head per time step and summed softmax cross-entropy over all n·T steps. One iteration is
forward + backward (no optimizer step); chars/s = batch · window / seconds per iteration.
"""
import sys
import time
import torch

VOCAB, HIDDEN, BATCH, WINDOW = 70, 256, 64, 100
WARMUP, ITERS, REPEATS = 5, 20, 3

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
torch.set_num_threads(threads)
torch.manual_seed(0)

lstm = torch.nn.LSTM(VOCAB, HIDDEN, batch_first=True)
head = torch.nn.Linear(HIDDEN, VOCAB)
params = list(lstm.parameters()) + list(head.parameters())
symbols = torch.randint(VOCAB, (BATCH, WINDOW + 1))
x = torch.nn.functional.one_hot(symbols[:, :-1], VOCAB).float()
y = symbols[:, 1:].reshape(-1)
ce = torch.nn.CrossEntropyLoss(reduction="sum")


def step():
    for p in params:
        p.grad = None
    out, _ = lstm(x)
    loss = ce(head(out).reshape(-1, VOCAB), y)
    loss.backward()


for _ in range(WARMUP):
    step()
best = 0.0
for r in range(REPEATS):
    t0 = time.perf_counter()
    for _ in range(ITERS):
        step()
    dt = (time.perf_counter() - t0) / ITERS
    rate = BATCH * WINDOW / dt
    best = max(best, rate)
    print(f"repeat {r}: {dt * 1000:.1f} ms/iteration, {rate:,.0f} chars/s")
print(f"pytorch {torch.__version__} threads={threads} hidden={HIDDEN} batch={BATCH} window={WINDOW} "
      f"vocab={VOCAB}: best {best:,.0f} chars/s")
