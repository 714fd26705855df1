#!/usr/bin/env python3
"""Makes the Fashion-MNIST sample shipped with Ember (dev.ember.nn.data.FashionMnist reads it when Debian's
dataset-fashion-mnist package is not installed).

It keeps the first 400 training and the first 100 test images of each of the 10 classes, in their original
order (4000 training and 1000 test images, exactly balanced), and writes them as gzipped IDX files like the
originals, with a zero gzip timestamp so the output is byte-for-byte reproducible.

    python3 make_sample.py [/usr/share/datasets/fashion-mnist] [output-dir]
"""
import gzip
import os
import struct
import sys

SOURCE = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
PER_CLASS = {"train": 400, "t10k": 100}


def read(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return dims, data[4 + 4 * ndim:]


def write(path, dims, payload):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(header + payload)


for split, per_class in PER_CLASS.items():
    (n,), labels = read(f"{SOURCE}/{split}-labels-idx1-ubyte.gz")
    (n2, h, w), images = read(f"{SOURCE}/{split}-images-idx3-ubyte.gz")
    assert n == n2
    taken = [0] * 10
    keep = []
    for i, label in enumerate(labels):
        if taken[label] < per_class:
            taken[label] += 1
            keep.append(i)
    size = h * w
    write(f"{OUT}/{split}-labels-idx1-ubyte.gz", (len(keep),), bytes(labels[i] for i in keep))
    write(f"{OUT}/{split}-images-idx3-ubyte.gz", (len(keep), h, w),
          b"".join(images[i * size:(i + 1) * size] for i in keep))
    print(split, len(keep), "images, per class", taken)
