"""Golden files for the lstm and gru model programs, from torch.nn.LSTM and
torch.nn.GRU (batch_first=True) in float64; see golden.py. With a loss
(mse against a random target), also autograd's parameter gradients.
Run: /usr/bin/python3 tests/golden/rnn.py, on the reference BLAS (see golden.py)
"""
import os

import torch
from torch import nn

from golden import config_text, f32_exact, write_golden, write_gradients

HERE = os.path.dirname(os.path.abspath(__file__))


def rnn(path, kind, layers, bidirectional, with_loss, seed):
    cfg = dict(input_size=3, hidden_size=5, layers=layers, bidirectional=bidirectional,
               batch=2, seq_len=4, with_loss=with_loss)
    g = torch.Generator().manual_seed(seed)
    cls = nn.LSTM if kind == "lstm" else nn.GRU
    module = cls(cfg["input_size"], cfg["hidden_size"], num_layers=layers,
                 bidirectional=bidirectional, batch_first=True).double()
    params = {}
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(f32_exact(torch.randn(p.shape, generator=g, dtype=torch.float64) * 0.5))
            params[name] = p
    x = f32_exact(torch.randn(cfg["batch"], cfg["seq_len"], cfg["input_size"], generator=g,
                              dtype=torch.float64))
    with torch.no_grad():
        out = module(x)
    y, state = out
    dirs = 2 if bidirectional else 1
    inputs = {"x": x}
    outputs = {"y": y}
    if kind == "lstm":
        outputs["h_n"], outputs["c_n"] = state
    else:
        outputs["h_n"] = state
    if with_loss:
        target = f32_exact(torch.randn(cfg["batch"], cfg["seq_len"], dirs * cfg["hidden_size"],
                                       generator=g, dtype=torch.float64))
        inputs["target"] = target
        outputs["loss"] = nn.functional.mse_loss(y, target)
        write_gradients(path, lambda: nn.functional.mse_loss(module(x)[0], target), params)
    write_golden(path, kind, config_text(cfg), params, inputs, outputs)


if __name__ == "__main__":
    rnn(os.path.join(HERE, "lstm_1layer.safetensors"), "lstm", 1, False, False, 11)
    rnn(os.path.join(HERE, "lstm_2layer_bidirectional_loss.safetensors"), "lstm", 2, True, True, 12)
    rnn(os.path.join(HERE, "gru_1layer.safetensors"), "gru", 1, False, False, 13)
    rnn(os.path.join(HERE, "gru_2layer_bidirectional_loss.safetensors"), "gru", 2, True, True, 14)
