#!/usr/bin/python3
"""PyTorch 1.13 nn.LSTM forward+backward throughput, the reference for LstmBench.java.

Run with Debian's interpreter: /usr/bin/python3 tools/pytorch/lstm_bench.py [threads [iterations]] [--train --vocab V]
Shape as LstmBench: one-hot input of 70 symbols, hidden 256, batch 64, window 100, a Linear
head per time step and summed softmax cross-entropy over all n·T steps. One iteration is
forward + backward (no optimizer step); chars/s = batch · window / seconds per iteration,
reported for the median and the fastest of the timed iterations (the fastest is the figure to
compare on a shared machine, where other processes slow some iterations down), and chars per
CPU-second of the whole process (all threads, spin-waiting included).

--train times the char-lm job's whole training step instead, the reference for CharLmBench.java
(bin/sparknn-bench lstm): token ids through an Embedding(V, 32), the LSTM, the Linear head, mean
cross-entropy, clip_grad_norm_(5) and an Adam(lr 0.002) step; --vocab is the text's alphabet size.

On a loaded machine, PyTorch's OpenMP threads spin-wait for each other and can run 10x slower;
OMP_WAIT_POLICY=passive avoids that: report the better of the two.
"""
import argparse
import time
import torch

WARMUP = 5

p = argparse.ArgumentParser()
p.add_argument("threads", nargs="?", type=int, default=2)
p.add_argument("iterations", nargs="?", type=int, default=30)
p.add_argument("--train", action="store_true",
               help="the char-lm job's whole training step (CharLmBench): embedding 32, Adam lr 0.002, clip 5")
p.add_argument("--vocab", type=int, default=70)
p.add_argument("--hidden", type=int, default=256)
a = p.parse_args()
VOCAB, HIDDEN, BATCH, WINDOW = a.vocab, a.hidden, 64, 100
threads, iterations = a.threads, a.iterations
torch.set_num_threads(threads)
torch.manual_seed(0)

embedding = torch.nn.Embedding(VOCAB, 32)
lstm = torch.nn.LSTM(32 if a.train else VOCAB, HIDDEN, batch_first=True)
head = torch.nn.Linear(HIDDEN, VOCAB)
params = list(lstm.parameters()) + list(head.parameters()) + (list(embedding.parameters()) if a.train else [])
symbols = torch.randint(VOCAB, (BATCH, WINDOW + 1))
x = symbols[:, :-1] if a.train else torch.nn.functional.one_hot(symbols[:, :-1], VOCAB).float()
y = symbols[:, 1:].reshape(-1)
ce = torch.nn.CrossEntropyLoss(reduction="mean" if a.train else "sum")
adam = torch.optim.Adam(params, lr=0.002)


def step():
    for p in params:
        p.grad = None
    out, _ = lstm(embedding(x) if a.train else x)
    loss = ce(head(out).reshape(-1, VOCAB), y)
    loss.backward()
    if a.train:
        torch.nn.utils.clip_grad_norm_(params, 5.0)
        adam.step()


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
what = "train step (embedding 32, adam, clip 5)" if a.train else "forward+backward"
print(f"pytorch {torch.__version__} {what} threads={threads} hidden={HIDDEN} batch={BATCH} window={WINDOW} vocab={VOCAB}: "
      f"median {median * 1000:.1f} ms = {chars / median:,.0f} chars/s, fastest {fastest * 1000:.1f} ms = "
      f"{chars / fastest:,.0f} chars/s over {iterations} iterations; "
      f"{cpu * 1000:.1f} CPU-ms per iteration = {chars / cpu:,.0f} chars per CPU-second")
print(f"RESULT pytorch_lstm train={int(a.train)} threads={threads} chars_per_s={chars / median:.0f} "
      f"best_chars_per_s={chars / fastest:.0f} chars_per_cpu_s={chars / cpu:.0f}")
