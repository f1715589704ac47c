#!/usr/bin/python3
"""PyTorch 1.13 nn.LSTM forward+backward throughput, the reference for LstmBench.java.

Run with Debian's interpreter: /usr/bin/python3 tools/pytorch/lstm_bench.py [threads [iterations]]
Shape as LstmBench: one-hot input of 70 symbols, hidden 256, batch 64, window 100, a Linear
head per time step and summed softmax cross-entropy over all n·T steps. One iteration is
forward + backward (no optimizer step); chars/s = batch · window / seconds per iteration,
reported for the median and the fastest of the timed iterations (the fastest is the figure to
compare on a shared machine, where other processes slow some iterations down), and chars per
CPU-second of the whole process (all threads, spin-waiting included).

On a loaded machine, PyTorch's OpenMP threads spin-wait for each other and can run 10x slower;
OMP_WAIT_POLICY=passive avoids that: report the better of the two.
"""
import sys
import time
import torch

VOCAB, HIDDEN, BATCH, WINDOW = 70, 256, 64, 100
WARMUP = 5

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 30
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
times = []
cpu0 = time.process_time()
for _ in range(iterations):
    t0 = time.perf_counter()
    step()
    times.append(time.perf_counter() - t0)
cpu = (time.process_time() - cpu0) / iterations
times.sort()
median, fastest = times[len(times) // 2], times[0]
chars = BATCH * WINDOW
print(f"pytorch {torch.__version__} threads={threads} hidden={HIDDEN} batch={BATCH} window={WINDOW} vocab={VOCAB}: "
      f"median {median * 1000:.1f} ms = {chars / median:,.0f} chars/s, fastest {fastest * 1000:.1f} ms = "
      f"{chars / fastest:,.0f} chars/s over {iterations} iterations; "
      f"{cpu * 1000:.1f} CPU-ms per iteration = {chars / cpu:,.0f} chars per CPU-second")
