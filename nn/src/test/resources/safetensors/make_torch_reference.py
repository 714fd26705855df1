# Writes the PyTorch reference files that SafetensorsTorchTest reads. Run once from this directory:
#   OPENBLAS_NUM_THREADS=1 /usr/bin/python3 make_torch_reference.py
# Debian's python3-torch (1.13) has no `safetensors` package, so the format is written by hand with struct and
# json exactly as the spec says (https://github.com/huggingface/safetensors#format): an 8-byte little-endian
# header length, a JSON header {name: {dtype, shape, data_offsets}, "__metadata__": {str: str}} padded with
# spaces to a multiple of 8, then each tensor's raw little-endian bytes, back to back.
import json
import struct

import torch

DTYPES = {
    torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}


def raw_bytes(t):
    t = t.detach().contiguous().cpu()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        t = t.view(torch.int16)
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def save_safetensors(tensors, path, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        data = raw_bytes(t)
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


torch.manual_seed(0)
# An MLP keyed as nn.Sequential keys it: "0.weight", "0.bias", "2.weight", "2.bias" (index 1 is the ReLU).
model = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))
x = torch.randn(4, 5)
with torch.no_grad():
    y = model(x)
save_safetensors(model.state_dict(), "torch_mlp.safetensors", {"format": "pt", "torch": torch.__version__})
save_safetensors({"input": x, "output": y}, "torch_mlp_io.safetensors")

# One tensor of every dtype, with values whose conversions are exact, so the Java test checks each decoder.
save_safetensors({
    "f64": torch.tensor([1.5, -2.25, 1e300], dtype=torch.float64),
    "f32": torch.tensor([[0.1, -3.0], [65504.0, 1e-30]], dtype=torch.float32),
    "f16": torch.tensor([0.5, -2.0, 65504.0, 6.103515625e-05, 5.960464477539063e-08], dtype=torch.float16),
    "bf16": torch.tensor([1.0, -0.15625, 3.0e38], dtype=torch.bfloat16),
    "i64": torch.tensor([-(2 ** 62), 7], dtype=torch.int64),
    "i32": torch.tensor([-(2 ** 31), 2 ** 31 - 1], dtype=torch.int32),
    "i16": torch.tensor([-32768, 32767, 5], dtype=torch.int16),
    "i8": torch.tensor([-128, 127, 0], dtype=torch.int8),
    "u8": torch.tensor([0, 255, 128], dtype=torch.uint8),
    "bool": torch.tensor([True, False, True], dtype=torch.bool),
    "scalar": torch.tensor(2.5, dtype=torch.float32),
    "empty": torch.zeros(0, 3, dtype=torch.float32),
}, "torch_dtypes.safetensors", {"note": "every dtype"})
print("bf16 values as torch reads them:", torch.tensor([1.0, -0.15625, 3.0e38], dtype=torch.bfloat16).float().tolist())
print("f32 values:", torch.tensor([[0.1, -3.0], [65504.0, 1e-30]]).tolist())
