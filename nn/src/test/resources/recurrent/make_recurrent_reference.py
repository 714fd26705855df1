# Writes the PyTorch reference files that RecurrentTorchTest reads: for each case, PyTorch's weights, an input,
# initial states, sequence lengths, the outputs, and the gradients of
#   loss = sum(output * proj.output) + sum(h_n * proj.h) [+ sum(c_n * proj.c)]
# with respect to the input, the initial states and every parameter, all in float64. Run once from this directory:
#   OPENBLAS_NUM_THREADS=1 /usr/bin/python3 make_recurrent_reference.py
# Debian's python3-torch (1.13) has no `safetensors` package, so the format is written by hand as in
# ../safetensors/make_torch_reference.py. Keys: "param.<name>" (PyTorch's state-dict name), "x", "h0", "c0",
# "lengths" (int64), "proj.*", "output", "h_n", "c_n", "grad.x", "grad.h0", "grad.c0", "grad.param.<name>";
# the case's configuration is the metadata.
import json
import struct

import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence


def save_safetensors(tensors, path, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        t = t.detach().contiguous()
        data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        dtype = {torch.float64: "F64", torch.int64: "I64"}[t.dtype]
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def layer_case(name, kind, input_size=3, hidden=4, layers=1, bidirectional=False, batch_first=False,
               nonlinearity="tanh", bias=True, seq=5, batch=3, lengths=None, initial=True, unbatched=False):
    torch.manual_seed(sum(map(ord, name)))
    args = dict(num_layers=layers, bias=bias, batch_first=batch_first, bidirectional=bidirectional)
    if kind == "RNN":
        args["nonlinearity"] = nonlinearity
    module = getattr(torch.nn, kind)(input_size, hidden, **args).double()
    directions = 2 if bidirectional else 1
    if unbatched:
        x = torch.randn(seq, input_size, dtype=torch.float64)
        state_shape = (layers * directions, hidden)
    else:
        x = torch.randn(*((batch, seq) if batch_first else (seq, batch)), input_size, dtype=torch.float64)
        state_shape = (layers * directions, batch, hidden)
    x.requires_grad_(True)
    h0 = torch.randn(*state_shape, dtype=torch.float64, requires_grad=True) if initial else None
    c0 = torch.randn(*state_shape, dtype=torch.float64, requires_grad=True) if initial and kind == "LSTM" else None
    state = (h0, c0) if kind == "LSTM" and initial else h0
    if lengths is not None:
        packed = pack_padded_sequence(x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False)
        out, final = module(packed, state)
        out, _ = pad_packed_sequence(out, batch_first=batch_first, total_length=seq)
    else:
        out, final = module(x, state)
    h_n, c_n = final if kind == "LSTM" else (final, None)
    tensors = {f"param.{k}": v for k, v in module.state_dict().items()}
    tensors["x"] = x
    if h0 is not None:
        tensors["h0"] = h0
    if c0 is not None:
        tensors["c0"] = c0
    if lengths is not None:
        tensors["lengths"] = torch.tensor(lengths, dtype=torch.int64)
    proj = {"output": torch.randn(out.shape, dtype=torch.float64), "h": torch.randn(h_n.shape, dtype=torch.float64)}
    loss = (out * proj["output"]).sum() + (h_n * proj["h"]).sum()
    if c_n is not None:
        proj["c"] = torch.randn(c_n.shape, dtype=torch.float64)
        loss = loss + (c_n * proj["c"]).sum()
    loss.backward()
    tensors.update({f"proj.{k}": v for k, v in proj.items()})
    tensors["output"] = out
    tensors["h_n"] = h_n
    if c_n is not None:
        tensors["c_n"] = c_n
    tensors["grad.x"] = x.grad
    if h0 is not None:
        tensors["grad.h0"] = h0.grad
    if c0 is not None:
        tensors["grad.c0"] = c0.grad
    for k, p in module.named_parameters():
        tensors[f"grad.param.{k}"] = p.grad
    meta = {"kind": kind, "input": input_size, "hidden": hidden, "layers": layers, "bidirectional": bidirectional,
            "batch_first": batch_first, "nonlinearity": nonlinearity, "bias": bias, "torch": torch.__version__}
    save_safetensors(tensors, f"{name}.safetensors", {k: str(v).lower() if isinstance(v, bool) else str(v)
                                                      for k, v in meta.items()})
    print(name, "output", tuple(out.shape), "loss", loss.item())


def cell_case(name, kind, input_size=3, hidden=4, batch=3, nonlinearity="tanh", bias=True):
    torch.manual_seed(sum(map(ord, name)))
    args = {"nonlinearity": nonlinearity} if kind == "RNNCell" else {}
    module = getattr(torch.nn, kind)(input_size, hidden, bias=bias, **args).double()
    x = torch.randn(batch, input_size, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(batch, hidden, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(batch, hidden, dtype=torch.float64, requires_grad=True) if kind == "LSTMCell" else None
    if kind == "LSTMCell":
        h_n, c_n = module(x, (h0, c0))
    else:
        h_n, c_n = module(x, h0), None
    tensors = {f"param.{k}": v for k, v in module.state_dict().items()}
    tensors.update({"x": x, "h0": h0})
    proj = {"h": torch.randn(h_n.shape, dtype=torch.float64)}
    loss = (h_n * proj["h"]).sum()
    if c_n is not None:
        tensors["c0"] = c0
        proj["c"] = torch.randn(c_n.shape, dtype=torch.float64)
        loss = loss + (c_n * proj["c"]).sum()
    loss.backward()
    tensors.update({f"proj.{k}": v for k, v in proj.items()})
    tensors["h_n"] = h_n
    if c_n is not None:
        tensors["c_n"] = c_n
        tensors["grad.c0"] = c0.grad
    tensors["grad.x"] = x.grad
    tensors["grad.h0"] = h0.grad
    for k, p in module.named_parameters():
        tensors[f"grad.param.{k}"] = p.grad
    meta = {"kind": kind, "input": input_size, "hidden": hidden, "nonlinearity": nonlinearity,
            "bias": str(bias).lower(), "torch": torch.__version__}
    save_safetensors(tensors, f"{name}.safetensors", {k: str(v) for k, v in meta.items()})
    print(name, "h", tuple(h_n.shape), "loss", loss.item())


layer_case("rnn_tanh_2layers_bidirectional", "RNN", layers=2, bidirectional=True)
layer_case("rnn_relu_batch_first", "RNN", nonlinearity="relu", batch_first=True, initial=False)
layer_case("lstm_2layers_bidirectional_batch_first", "LSTM", layers=2, bidirectional=True, batch_first=True)
layer_case("lstm_no_bias", "LSTM", bias=False)
layer_case("gru_2layers_bidirectional", "GRU", layers=2, bidirectional=True)
layer_case("gru_unbatched", "GRU", unbatched=True)
layer_case("rnn_lengths_bidirectional", "RNN", bidirectional=True, lengths=[5, 2, 3])
layer_case("lstm_lengths_2layers_bidirectional", "LSTM", layers=2, bidirectional=True, lengths=[2, 5, 4])
layer_case("gru_lengths_batch_first_2layers_bidirectional", "GRU", layers=2, bidirectional=True, batch_first=True,
           lengths=[3, 1, 4], seq=6)
cell_case("rnn_cell", "RNNCell")
cell_case("rnn_cell_relu", "RNNCell", nonlinearity="relu")
cell_case("lstm_cell", "LSTMCell")
cell_case("gru_cell", "GRUCell")
