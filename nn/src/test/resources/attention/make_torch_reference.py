# Writes torch_attention.safetensors, the PyTorch reference that AttentionTorchTest reads. Run once from this
# directory:
#   OPENBLAS_NUM_THREADS=1 /usr/bin/python3 make_torch_reference.py
# Debian's PyTorch 1.13 has no public F.scaled_dot_product_attention (2.0 added it), so its documented reference
# formula is written out here; nn.MultiheadAttention and nn.TransformerEncoderLayer are PyTorch's own. Everything
# is float64, the modules in eval mode (no dropout). Each case stores its inputs, the weights (state dict under
# the case's prefix), the output, and the gradients of sum(output * proj) for a stored random proj.
# The safetensors format is written by hand (no `safetensors` package in Debian), as ../safetensors/ does.
import json
import math
import struct

import torch

torch.set_default_dtype(torch.float64)
torch.manual_seed(16)
DTYPES = {torch.float64: "F64", torch.bool: "BOOL"}
out = {}


def save_safetensors(tensors, path, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
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


def sdpa(query, key, value, attn_mask=None, is_causal=False):
    """PyTorch 2.x's documented reference implementation of F.scaled_dot_product_attention (dropout_p = 0)."""
    L, S = query.size(-2), key.size(-2)
    scale_factor = 1 / math.sqrt(query.size(-1))
    attn_bias = torch.zeros(L, S, dtype=query.dtype)
    if is_causal:
        temp_mask = torch.ones(L, S, dtype=torch.bool).tril(diagonal=0)
        attn_bias.masked_fill_(temp_mask.logical_not(), float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            attn_bias = attn_bias.masked_fill(attn_mask.logical_not(), float("-inf"))
        else:
            attn_bias = attn_mask + attn_bias
    attn_weight = query @ key.transpose(-2, -1) * scale_factor
    attn_weight = attn_weight + attn_bias
    attn_weight = torch.softmax(attn_weight, dim=-1)
    return attn_weight @ value


def record(prefix, result, inputs, module=None):
    """Stores result, proj and d(sum(result * proj))/d(each input and parameter)."""
    proj = torch.randn(result.shape)
    (result * proj).sum().backward()
    out[prefix + "out"] = result
    out[prefix + "proj"] = proj
    for name, t in inputs.items():
        out[prefix + name] = t
        out[prefix + "grad." + name] = t.grad
    if module is not None:
        for name, p in module.named_parameters():
            out[prefix + "state." + name] = p
            out[prefix + "grad.state." + name] = p.grad


def leaf(*shape):
    return torch.randn(*shape).requires_grad_(True)


# ---- scaled dot-product attention: q [2, 3, 4, 5], k [2, 3, 6, 5], v [2, 3, 6, 7] ----
bool_mask = torch.rand(4, 6) > 0.4
bool_mask[:, 0] = True  # every query keeps a key, so no row is all -inf
float_mask = torch.randn(2, 1, 4, 6)
out["sdpa.bool_mask"] = bool_mask
out["sdpa.float_mask"] = float_mask
for case, kwargs in [("plain", {}), ("bool", {"attn_mask": bool_mask}), ("float", {"attn_mask": float_mask}),
                     ("causal", {"is_causal": True})]:
    q, k, v = leaf(2, 3, 4, 5), leaf(2, 3, 6, 5), leaf(2, 3, 6, 7)
    record("sdpa." + case + ".", sdpa(q, k, v, **kwargs), {"q": q, "k": k, "v": v})

# ---- MultiheadAttention(8, 2), time-first cross-attention, key padding (bool) + float attn_mask, averaged weights ----
mha = torch.nn.MultiheadAttention(8, 2, dropout=0.3).eval()
with torch.no_grad():  # non-zero biases, so their gradients and their place in the packing are checked
    mha.in_proj_bias.copy_(torch.randn(24))
    mha.out_proj.bias.copy_(torch.randn(8))
query, key, value = leaf(4, 3, 8), leaf(5, 3, 8), leaf(5, 3, 8)
padding = torch.zeros(3, 5, dtype=torch.bool)
padding[1, 3:] = True
padding[2, 0] = True
attn_mask = torch.randn(4, 5)
o, w = mha(query, key, value, key_padding_mask=padding, need_weights=True, attn_mask=attn_mask)
out["mha.cross.padding"] = padding
out["mha.cross.attn_mask"] = attn_mask
out["mha.cross.weights"] = w.detach()
record("mha.cross.", o, {"query": query, "key": key, "value": value}, mha)

# ---- MultiheadAttention(8, 4, batch_first), self-attention, bool causal attn_mask (true = masked), per-head weights ----
mha = torch.nn.MultiheadAttention(8, 4, batch_first=True).eval()
with torch.no_grad():
    mha.in_proj_bias.copy_(torch.randn(24))
x = leaf(2, 5, 8)
causal = torch.ones(5, 5, dtype=torch.bool).triu(1)
o, w = mha(x, x, x, need_weights=True, attn_mask=causal, average_attn_weights=False)
out["mha.self.weights"] = w.detach()
record("mha.self.", o, {"x": x}, mha)

# ---- TransformerEncoderLayer: post-norm ReLU time-first with key padding; pre-norm GELU batch-first causal ----
def randomize_norms(layer):
    with torch.no_grad():
        for norm in (layer.norm1, layer.norm2):
            norm.weight.copy_(1 + 0.3 * torch.randn(norm.weight.shape))
            norm.bias.copy_(0.3 * torch.randn(norm.bias.shape))
        layer.self_attn.in_proj_bias.copy_(0.5 * torch.randn(layer.self_attn.in_proj_bias.shape))


layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.2).eval()
randomize_norms(layer)
src = leaf(5, 3, 8)
padding = torch.zeros(3, 5, dtype=torch.bool)
padding[0, 4] = True
padding[2, 2:] = True
out["post.padding"] = padding
record("post.", layer(src, src_key_padding_mask=padding), {"src": src}, layer)

layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.2, activation="gelu",
                                         norm_first=True, batch_first=True).eval()
randomize_norms(layer)
src = leaf(3, 5, 8)
mask = torch.nn.Transformer.generate_square_subsequent_mask(5)
record("pre.", layer(src, src_mask=mask), {"src": src}, layer)

# ---- TransformerEncoder: two copies of a layer and a final norm ----
layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True, norm_first=True)
encoder = torch.nn.TransformerEncoder(layer, 2, norm=torch.nn.LayerNorm(8), enable_nested_tensor=False).eval()
with torch.no_grad():  # the copies start equal; make them differ so each layer's keys are checked
    for p in encoder.parameters():
        p.add_(0.1 * torch.randn(p.shape))
src = leaf(2, 4, 8)
record("encoder.", encoder(src, mask=torch.nn.Transformer.generate_square_subsequent_mask(4)), {"src": src}, encoder)

save_safetensors(out, "torch_attention.safetensors", {"torch": torch.__version__, "made_by": "make_torch_reference.py"})
print(len(out), "tensors")
