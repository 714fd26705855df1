"""Reference for HalfConversionsTest: PyTorch's float16/bfloat16 <-> float32 conversions, as SHA-256 hashes.

Run once with Debian's PyTorch (CPU):
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 engine-api/src/test/python/half_conversions.py \
        > engine-api/src/test/resources/dev/ember/backend/half-conversions.txt

Each line is `set conversion chunk sha256`: the little-endian bytes of the outputs for 65,536 consecutive inputs of
the set (the last chunk may be shorter). The sets are generated the same way by the Java test:
  halves    all 65,536 bit patterns (inputs of float16->float32 and bfloat16->float32)
  grid16    (i << 13) | d for i < 2^19, d in 0, 1, 0xFFF, 0x1000, 0x1001, 0x1FFF: every float16 value, the ties
            between neighbours and one float32 ulp either side, in every float32 exponent and both signs
  grid16b   (i << 16) | d for i < 2^16, d in 0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF: the same for bfloat16
  subnormal float32 exponents 101..113 (float16's subnormal and underflow range, where the tie moves up the
            mantissa), both signs, mantissa (j << 8) | d for j < 2^15, d in 0, 1, 0x7F, 0x80, 0x81, 0xFF
  random    2^20 patterns from splitmix64 seeded 0x5EED (the low 32 bits of each output)
"""
import hashlib
import sys

import numpy as np
import torch

CHUNK = 65536


def splitmix64(seed, n):
    mask = (1 << 64) - 1
    out = np.empty(n, dtype=np.uint32)
    state = seed
    for i in range(n):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z = z ^ (z >> 31)
        out[i] = z & 0xFFFFFFFF
    return out


def grid(shift, count, deltas):
    i = np.arange(count, dtype=np.uint64)[:, None]
    return ((i << np.uint64(shift)) | np.array(deltas, dtype=np.uint64)[None, :]).reshape(-1).astype(np.uint32)


def subnormal_range():
    parts = []
    j = np.arange(1 << 15, dtype=np.uint32)[:, None]
    d = np.array([0, 1, 0x7F, 0x80, 0x81, 0xFF], dtype=np.uint32)[None, :]
    mantissas = ((j << 8) | d).reshape(-1)
    for sign in (0, 1):
        for exponent in range(101, 114):
            parts.append((np.uint32(sign << 31) | np.uint32(exponent << 23) | mantissas).astype(np.uint32))
    return np.concatenate(parts)


def emit(set_name, conversion, out_bytes_per, outputs):
    raw = outputs.tobytes()   # little-endian on every machine PyTorch runs on here
    step = CHUNK * out_bytes_per
    for c in range(0, (len(raw) + step - 1) // step):
        digest = hashlib.sha256(raw[c * step:(c + 1) * step]).hexdigest()
        print(f"{set_name} {conversion} {c} {digest}")


def to_half_bits(bits, dtype):
    x = torch.from_numpy(bits.view(np.float32).copy())
    return x.to(dtype).view(torch.int16).numpy().view(np.uint16)


def main():
    halves = np.arange(65536, dtype=np.uint32).astype(np.uint16)
    h = torch.from_numpy(halves.view(np.int16).copy())
    emit("halves", "float16_to_float32", 4, h.view(torch.float16).float().numpy().view(np.uint32))
    emit("halves", "bfloat16_to_float32", 4, h.view(torch.bfloat16).float().numpy().view(np.uint32))
    sets = {
        "grid16": grid(13, 1 << 19, [0, 1, 0xFFF, 0x1000, 0x1001, 0x1FFF]),
        "grid16b": grid(16, 1 << 16, [0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF]),
        "subnormal": subnormal_range(),
        "random": splitmix64(0x5EED, 1 << 20),
    }
    for name, bits in sets.items():
        emit(name, "float32_to_float16", 2, to_half_bits(bits, torch.float16))
        emit(name, "float32_to_bfloat16", 2, to_half_bits(bits, torch.bfloat16))


if __name__ == "__main__":
    print(f"# made by half_conversions.py with torch {torch.__version__}", file=sys.stdout)
    main()
