"""Reference grids for ImagesTest: torchvision 0.14's utils.make_grid and save_image (the version that goes with
PyTorch 1.13), copied here line for line because torchvision is not installed, run on a few batches.

Writes nn/src/test/resources/dev/ember/nn/io/make_grid.txt: per case one line of options, the input's shape and
values, the grid's shape and values, and the bytes save_image would store (grid * 255 + 0.5, clamped, to uint8).
Run: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 nn/src/test/python/make_grid_reference.py
"""
import math
import pathlib

import torch


def make_grid(tensor, nrow=8, padding=2, normalize=False, value_range=None, scale_each=False, pad_value=0.0):
    # torchvision/utils.py, v0.14.0, without the list input and the deprecation shims
    if tensor.dim() == 2:
        tensor = tensor.unsqueeze(0)
    if tensor.dim() == 3:
        if tensor.size(0) == 1:
            tensor = torch.cat((tensor, tensor, tensor), 0)
        tensor = tensor.unsqueeze(0)
    if tensor.dim() == 4 and tensor.size(1) == 1:
        tensor = torch.cat((tensor, tensor, tensor), 1)
    if normalize is True:
        tensor = tensor.clone()

        def norm_ip(img, low, high):
            img.clamp_(min=low, max=high)
            img.sub_(low).div_(max(high - low, 1e-5))

        def norm_range(t, value_range):
            if value_range is not None:
                norm_ip(t, value_range[0], value_range[1])
            else:
                norm_ip(t, float(t.min()), float(t.max()))

        if scale_each is True:
            for t in tensor:
                norm_range(t, value_range)
        else:
            norm_range(tensor, value_range)
    if tensor.size(0) == 1:
        return tensor.squeeze(0)
    nmaps = tensor.size(0)
    xmaps = min(nrow, nmaps)
    ymaps = int(math.ceil(float(nmaps) / xmaps))
    height, width = int(tensor.size(2) + padding), int(tensor.size(3) + padding)
    num_channels = tensor.size(1)
    grid = tensor.new_full((num_channels, height * ymaps + padding, width * xmaps + padding), pad_value)
    k = 0
    for y in range(ymaps):
        for x in range(xmaps):
            if k >= nmaps:
                break
            grid.narrow(1, y * height + padding, height - padding).narrow(2, x * width + padding, width - padding).copy_(tensor[k])
            k = k + 1
    return grid


def save_bytes(grid):
    # save_image's conversion before PIL: round half up, clamp, truncate to uint8
    return grid.mul(255).add_(0.5).clamp_(0, 255).to(torch.uint8)


CASES = [
    # name, shape, options (keyword arguments of make_grid)
    ("defaults_grey", (5, 1, 3, 4), {}),
    ("rgb_two_per_row", (5, 3, 2, 2), dict(nrow=2, padding=1, pad_value=0.5, normalize=True)),
    ("range_each", (3, 1, 3, 3), dict(nrow=2, padding=0, normalize=True, value_range=(-1.0, 1.0), scale_each=True)),
    ("minmax_each", (4, 3, 2, 3), dict(nrow=3, padding=2, normalize=True, scale_each=True, pad_value=1.0)),
    ("single", (1, 1, 2, 3), dict(padding=3)),
    ("unit_interval", (6, 1, 2, 2), dict(nrow=4, padding=1)),
]


def fmt(values):
    return " ".join(repr(float(v)) for v in values)


def main():
    gen = torch.Generator().manual_seed(2022)
    lines = []
    for name, shape, options in CASES:
        x = torch.randn(shape, generator=gen) * 1.5 + 0.25
        if name == "unit_interval":
            x = torch.rand(shape, generator=gen)
        grid = make_grid(x, **options)
        opts = " ".join(f"{k}={v[0]},{v[1]}" if isinstance(v, tuple) else f"{k}={v}" for k, v in options.items())
        lines.append(f"case {name} {opts}".rstrip())
        lines.append("input " + ",".join(map(str, shape)) + " " + fmt(x.flatten()))
        lines.append("grid " + ",".join(map(str, grid.shape)) + " " + fmt(grid.flatten()))
        lines.append("bytes " + " ".join(str(int(b)) for b in save_bytes(grid).flatten()))
    out = pathlib.Path(__file__).resolve().parents[1] / "resources/dev/ember/nn/io/make_grid.txt"
    out.write_text("\n".join(lines) + "\n")
    print("wrote", out, len(CASES), "cases")


if __name__ == "__main__":
    main()
