"""float32 -> bfloat16 as PyTorch rounds it (Tensor.to(torch.bfloat16)): the edges and seeded random
bit patterns, one `float32-bits bfloat16-bits` line each (hex). NaNs are left out: PyTorch 1.13
writes one canonical NaN, sparknn keeps the sign and payload top (both quiet NaNs; Bfloat16Test
checks them by their bits). Checked by engine/train/Bfloat16Test."""
import os

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "engine", "src", "test",
                   "resources", "golden", "bfloat16.txt")

edges = []
for base in [0x00000000, 0x00010000, 0x3F800000, 0x3F810000, 0x7F7F0000, 0x00800000, 0x007F0000]:
    for low in [0x0000, 0x0001, 0x7FFF, 0x8000, 0x8001, 0xFFFF]:
        for sign in [0, 0x80000000]:
            edges.append(sign | base | low)
edges += [0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000, 0x7F7F7FFF, 0x7F7F8000, 0x7F7F8001,
          0x00000001, 0x80000001, 0x00008000, 0x00018000, 0x007FFFFF, 0x80000000]
rng = np.random.default_rng(24)
rand = rng.integers(0, 2**32, size=4000, dtype=np.uint64).astype(np.uint32)
bits = np.array(edges, dtype=np.uint32)
bits = np.concatenate([bits, rand])
f = bits.view(np.float32)
bits = bits[~np.isnan(f)]
b = torch.from_numpy(bits.view(np.float32).copy()).to(torch.bfloat16).view(torch.int16).numpy().view(np.uint16)
with open(OUT, "w") as out:
    out.write("# tools/pytorch/bfloat16.py, torch %s: float32 bits, Tensor.to(torch.bfloat16) bits\n" % torch.__version__)
    for x, y in zip(bits, b):
        out.write("%08x %04x\n" % (x, y))
