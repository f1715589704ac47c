#!/usr/bin/python3
"""Golden data for sparknn's optimizers, learning-rate schedules and gradient clipping.

Runs torch.optim on a tiny float64 problem -- Linear(3 -> 2) with fixed weights on a fixed batch of
5 examples, mean softmax cross-entropy -- and writes, for every optimizer step, the learning rate
used, the loss, the gradient norm before clipping and all parameters after the step. Also writes the
learning rates of PyTorch's schedulers for a range of steps. Deterministic: no random numbers.

Run with Debian's PyTorch:  /usr/bin/python3 tools/pytorch/optimizers.py
Writes engine/src/test/resources/golden/{optimizers,lr_schedules}.txt (see README.md).
"""
import math
import os
import sys
import warnings

import torch
import torch.nn.functional as F
from torch.optim import lr_scheduler as sched

torch.set_default_dtype(torch.float64)
# SequentialLR calls step(0) on the next scheduler at a milestone, which PyTorch 1.13 flags as deprecated.
warnings.filterwarnings("ignore", message="The epoch parameter")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engine", "src", "test", "resources",
                   "golden")

# Fixed problem: x (5, 3), labels (5,), W (2, 3), b (2,). Parameters flatten as W row-major then b,
# the layout of sparknn's dense layer. The values keep every parameter away from 0 after each step
# (RMSProp and Adam move each one by about lr on their first step), where a relative comparison
# would only measure cancellation.
X = [[0.5, -1.2, 0.3], [1.5, 0.2, -0.7], [-0.4, 0.9, 1.1], [0.8, -0.3, -1.6], [-1.3, 1.7, 0.25]]
Y = [0, 1, 1, 0, 1]
W0 = [[0.23, -0.47, 0.13], [-0.31, 0.42, 0.57]]
B0 = [0.06, -0.11]


def fmt(v):
    return repr(float(v))


def optimizer_cases():
    """(name, sparknn optimizer text, torch optimizer factory, sparknn schedule text,
    torch scheduler factory or None, clip max_norm or 0, steps)."""
    O = torch.optim
    return [
        ("sgd_plain", "sgd lr=0.5 weight_decay=0.01",
         lambda p: O.SGD(p, lr=0.5, weight_decay=0.01), "constant", None, 0, 4),
        ("sgd_momentum_dampening", "sgd lr=0.3 weight_decay=0.05 momentum=0.9 dampening=0.2",
         lambda p: O.SGD(p, lr=0.3, momentum=0.9, dampening=0.2, weight_decay=0.05), "constant", None, 0, 5),
        ("sgd_nesterov", "sgd lr=0.3 weight_decay=0.02 momentum=0.8 nesterov=true",
         lambda p: O.SGD(p, lr=0.3, momentum=0.8, nesterov=True, weight_decay=0.02), "constant", None, 0, 5),
        ("adagrad_lr_decay", "adagrad lr=0.2 weight_decay=0.05 lr_decay=0.1 initial_accumulator=0.3 eps=1e-10",
         lambda p: O.Adagrad(p, lr=0.2, lr_decay=0.1, weight_decay=0.05, initial_accumulator_value=0.3, eps=1e-10),
         "constant", None, 0, 5),
        ("adagrad_defaults", "adagrad weight_decay=0.1",
         lambda p: O.Adagrad(p, weight_decay=0.1), "constant", None, 0, 4),
        ("adadelta_defaults", "adadelta weight_decay=0.05",
         lambda p: O.Adadelta(p, weight_decay=0.05), "constant", None, 0, 4),
        ("adadelta_tuned", "adadelta lr=0.5 rho=0.8 eps=1e-4 weight_decay=0.1",
         lambda p: O.Adadelta(p, lr=0.5, rho=0.8, eps=1e-4, weight_decay=0.1), "constant", None, 0, 5),
        ("rmsprop_plain", "rmsprop lr=0.02 weight_decay=0.01",
         lambda p: O.RMSprop(p, lr=0.02, weight_decay=0.01), "constant", None, 0, 4),
        ("rmsprop_centered_momentum", "rmsprop lr=0.05 alpha=0.9 eps=1e-8 momentum=0.5 centered=true weight_decay=0.05",
         lambda p: O.RMSprop(p, lr=0.05, alpha=0.9, eps=1e-8, momentum=0.5, centered=True, weight_decay=0.05),
         "constant", None, 0, 5),
        ("rmsprop_momentum_exponential", "rmsprop lr=0.05 momentum=0.3 weight_decay=0.02",
         lambda p: O.RMSprop(p, lr=0.05, momentum=0.3, weight_decay=0.02),
         "exponential gamma=0.8", lambda o: sched.ExponentialLR(o, gamma=0.8), 0, 5),
        ("adam", "adam lr=0.1 weight_decay=0.05 beta1=0.8 beta2=0.95 eps=1e-8",
         lambda p: O.Adam(p, lr=0.1, betas=(0.8, 0.95), eps=1e-8, weight_decay=0.05, foreach=False),
         "constant", None, 0, 5),
        ("adamw", "adamw lr=0.1 weight_decay=0.1",
         lambda p: O.AdamW(p, lr=0.1, weight_decay=0.1, foreach=False), "constant", None, 0, 5),
        # AMSGrad: a small beta2 lets v fall as the gradients shrink, so the running maximum differs from
        # v (run_optimizer checks that it does) and the case tells the maximum from v.
        ("adam_amsgrad", "adam lr=0.1 weight_decay=0.05 beta1=0.8 beta2=0.6 amsgrad=true",
         lambda p: O.Adam(p, lr=0.1, betas=(0.8, 0.6), weight_decay=0.05, amsgrad=True, foreach=False),
         "constant", None, 0, 8),
        ("adamw_amsgrad", "adamw lr=0.1 weight_decay=0.1 beta2=0.7 amsgrad=true",
         lambda p: O.AdamW(p, lr=0.1, betas=(0.9, 0.7), weight_decay=0.1, amsgrad=True, foreach=False),
         "constant", None, 0, 8),
        ("sgd_momentum_steplr_clip", "sgd lr=0.5 weight_decay=0.01 momentum=0.9",
         lambda p: O.SGD(p, lr=0.5, momentum=0.9, weight_decay=0.01),
         "step step_size=2 gamma=0.5", lambda o: sched.StepLR(o, step_size=2, gamma=0.5), 0.15, 6),
        ("adam_warmup_cosine_clip", "adam lr=0.1 weight_decay=0.01",
         lambda p: O.Adam(p, lr=0.1, weight_decay=0.01, foreach=False),
         "cosine t_max=5 eta_min=0.01 warmup=3 warmup_start_factor=0.25",
         lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.25, total_iters=3),
                                          sched.CosineAnnealingLR(o, T_max=5, eta_min=0.01)], milestones=[3]),
         0.3, 10),
    ]


def run_optimizer(out, name, spec, make_opt, schedule, make_sched, clip, steps):
    W = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    x = torch.tensor(X)
    y = torch.tensor(Y)
    opt = make_opt([W, b])
    sch = make_sched(opt) if make_sched else None
    out.append("case " + name)
    out.append("optimizer " + spec)
    out.append("schedule " + schedule)
    out.append("clip " + fmt(clip))
    for t in range(steps):
        opt.zero_grad()
        loss = F.cross_entropy(x @ W.T + b, y)
        loss.backward()
        # The norm before clipping, whether or not this case clips (max_norm=inf never clips).
        norm = torch.nn.utils.clip_grad_norm_([W, b], clip if clip > 0 else math.inf)
        lr = opt.param_groups[0]["lr"]
        opt.step()
        if sch:
            sch.step()
        params = torch.cat([W.detach().reshape(-1), b.detach()]).tolist()
        out.append("step %d lr %s loss %s norm %s params %s" % (t, fmt(lr), fmt(loss.item()), fmt(norm.item()),
                                                                 " ".join(fmt(v) for v in params)))
    if opt.param_groups[0].get("amsgrad"):
        state = [opt.state[q] for q in (W, b)]
        assert any(bool((s["max_exp_avg_sq"] > s["exp_avg_sq"]).any()) for s in state), \
            name + ": the running maximum never differs from v, so the case cannot tell them apart"
    out.append("end")


def schedule_cases():
    """(sparknn schedule text, base lr, torch scheduler factory, steps)."""
    return [
        ("constant", 0.3, None, 6),
        ("step step_size=3 gamma=0.5", 0.3, lambda o: sched.StepLR(o, step_size=3, gamma=0.5), 12),
        ("step step_size=1", 0.7, lambda o: sched.StepLR(o, step_size=1), 6),
        ("exponential gamma=0.9", 0.3, lambda o: sched.ExponentialLR(o, gamma=0.9), 30),
        # Runs past T_max: PyTorch's cosine rises again, and so must ours.
        ("cosine t_max=10 eta_min=0.001", 0.3, lambda o: sched.CosineAnnealingLR(o, T_max=10, eta_min=0.001), 25),
        ("cosine t_max=7", 1.0, lambda o: sched.CosineAnnealingLR(o, T_max=7), 8),
        ("constant warmup=4 warmup_start_factor=0.1", 0.3,
         lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.1, total_iters=4),
                                          sched.ConstantLR(o, factor=1.0, total_iters=0)], milestones=[4]), 8),
        ("step step_size=2 gamma=0.3 warmup=3", 0.5,
         lambda o: sched.SequentialLR(o, [sched.LinearLR(o, total_iters=3), sched.StepLR(o, step_size=2, gamma=0.3)],
                                      milestones=[3]), 12),
        ("exponential gamma=0.95 warmup=5 warmup_start_factor=0.5", 0.2,
         lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.5, total_iters=5),
                                          sched.ExponentialLR(o, gamma=0.95)], milestones=[5]), 15),
        ("cosine t_max=6 eta_min=0.01 warmup=2 warmup_start_factor=0.2", 0.1,
         lambda o: sched.SequentialLR(o, [sched.LinearLR(o, start_factor=0.2, total_iters=2),
                                          sched.CosineAnnealingLR(o, T_max=6, eta_min=0.01)], milestones=[2]), 12),
    ]


def run_schedule(out, text, base, make_sched, steps):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=base)
    sch = make_sched(opt) if make_sched else None
    lrs = []
    for _ in range(steps):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        if sch:
            sch.step()
    out.append("schedule %s | base %s | lrs %s" % (text, fmt(base), " ".join(fmt(v) for v in lrs)))


def header(what):
    return ["# " + what + ", generated by tools/pytorch/optimizers.py with PyTorch " + torch.__version__
            + " (float64). Do not edit; regenerate."]


def main():
    out = header("Optimizer steps on Linear(3->2) + mean cross-entropy")
    out.append("# x: (5, 3) row-major; y: labels; init: W (2, 3) row-major then b (2). Each step line: the lr used,")
    out.append("# the loss and gradient norm before the step (norm before clipping), the parameters after it.")
    out.append("x " + " ".join(fmt(v) for row in X for v in row))
    out.append("y " + " ".join(str(v) for v in Y))
    out.append("init " + " ".join(fmt(v) for v in [v for row in W0 for v in row] + B0))
    for case in optimizer_cases():
        run_optimizer(out, *case)
    write("optimizers.txt", out)

    out = header("Learning rates of torch.optim.lr_scheduler, one scheduler.step() per optimizer step")
    out.append("# schedule <sparknn text> | base <lr> | lrs <lr of step 0, 1, ...>")
    for case in schedule_cases():
        run_schedule(out, *case)
    write("lr_schedules.txt", out)


def write(name, lines):
    path = os.path.normpath(os.path.join(OUT, name))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote", path, file=sys.stderr)


if __name__ == "__main__":
    main()
