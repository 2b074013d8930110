"""Golden files for transformer, transformer_lm and transformer_encoder.

Each model is built from torch.nn modules (float64, eval mode, dropout 0)
exactly as tgc's model programs describe them; see golden.py. Models with a
loss also get autograd's parameter gradients (golden.write_gradients).
Run: /usr/bin/python3 tests/golden/transformer.py, on the reference BLAS (see golden.py)
"""
import math
import os

import torch
from torch import nn

from golden import config_text, f32_exact, write_golden, write_gradients

HERE = os.path.dirname(os.path.abspath(__file__))


def sinusoidal(length, d):
    pe = torch.zeros(length, d, dtype=torch.float64)
    pos = torch.arange(length, dtype=torch.float64)[:, None]
    for j in range(d):
        angle = pos[:, 0] / 10000 ** ((j - j % 2) / d)
        pe[:, j] = torch.sin(angle) if j % 2 == 0 else torch.cos(angle)
    # tgc holds the table as an f32 constant.
    return f32_exact(pe)


def randomize(module, generator):
    """Fresh seeded weights (not PyTorch's init, so LayerNorm affine terms
    are not trivially 1 and 0), rounded to f32-representable values."""
    params = {}
    for name, p in module.named_parameters():
        with torch.no_grad():
            p.copy_(f32_exact(torch.randn(p.shape, generator=generator, dtype=torch.float64) * 0.3))
        params[name] = p
    return params


def causal_mask(n):
    return torch.triu(torch.full((n, n), float("-inf"), dtype=torch.float64), diagonal=1)


def transformer(path, activation, positions, tie, scale, with_loss):
    cfg = dict(vocab=23, d_model=16, heads=4, d_ff=24, enc_layers=2, dec_layers=2,
               batch=2, src_len=5, tgt_len=4, activation=activation,
               positions=positions, tie_embeddings=tie, scale_embeddings=scale,
               eps=1e-5, with_loss=with_loss)
    g = torch.Generator().manual_seed(1)
    model = nn.Module()
    model.transformer = nn.Transformer(
        d_model=cfg["d_model"], nhead=cfg["heads"], num_encoder_layers=cfg["enc_layers"],
        num_decoder_layers=cfg["dec_layers"], dim_feedforward=cfg["d_ff"], dropout=0.0,
        activation=activation, batch_first=True, norm_first=False, layer_norm_eps=cfg["eps"])
    model.embedding = nn.Embedding(cfg["vocab"], cfg["d_model"])
    length = max(cfg["src_len"], cfg["tgt_len"])
    if positions == "learned":
        model.positions = nn.Embedding(length, cfg["d_model"])
    if not tie:
        model.output = nn.Linear(cfg["d_model"], cfg["vocab"], bias=False)
    model.double().eval()
    params = randomize(model, g)

    src = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["src_len"]), generator=g)
    tgt = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["tgt_len"]), generator=g)
    table = model.positions.weight if positions == "learned" else sinusoidal(length, cfg["d_model"])
    factor = f32_exact(torch.tensor(math.sqrt(cfg["d_model"]), dtype=torch.float64)) if scale else 1.0

    def embed(tokens):
        return model.embedding(tokens) * factor + table[: tokens.shape[1]]

    with torch.no_grad():
        h = model.transformer(embed(src), embed(tgt), tgt_mask=causal_mask(cfg["tgt_len"]))
        weight = model.embedding.weight if tie else model.output.weight
        logits = h @ weight.T
    inputs = {"src_tokens": src, "tgt_tokens": tgt}
    outputs = {"logits": logits}
    if with_loss:
        labels = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["tgt_len"]), generator=g)
        inputs["labels"] = labels
        outputs["loss"] = nn.functional.cross_entropy(logits.reshape(-1, cfg["vocab"]), labels.reshape(-1))

        def loss_fn():
            # Recomputed with autograd on (the outputs above may come from
            # PyTorch's no-grad inference fast path).
            h = model.transformer(embed(src), embed(tgt), tgt_mask=causal_mask(cfg["tgt_len"]))
            logits = h @ (model.embedding.weight if tie else model.output.weight).T
            return nn.functional.cross_entropy(logits.reshape(-1, cfg["vocab"]), labels.reshape(-1))
        write_gradients(path, loss_fn, params)
    write_golden(path, "transformer", config_text(cfg), params, inputs, outputs)


def transformer_lm(path):
    cfg = dict(vocab=19, d_model=12, heads=3, d_ff=20, layers=2, batch=2, seq_len=6,
               activation="gelu", positions="learned", tie_embeddings=True,
               scale_embeddings=False, eps=1e-5, with_loss=True)
    g = torch.Generator().manual_seed(2)
    model = nn.Module()
    model.embedding = nn.Embedding(cfg["vocab"], cfg["d_model"])
    model.positions = nn.Embedding(cfg["seq_len"], cfg["d_model"])
    model.layers = nn.ModuleList([
        nn.TransformerEncoderLayer(cfg["d_model"], cfg["heads"], cfg["d_ff"], dropout=0.0,
                                   activation="gelu", batch_first=True, norm_first=False,
                                   layer_norm_eps=cfg["eps"]) for _ in range(cfg["layers"])])
    model.norm = nn.LayerNorm(cfg["d_model"], eps=cfg["eps"])
    model.double().eval()
    params = randomize(model, g)
    tokens = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["seq_len"]), generator=g)
    labels = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["seq_len"]), generator=g)
    with torch.no_grad():
        h = model.embedding(tokens) + model.positions.weight
        for layer in model.layers:
            h = layer(h, src_mask=causal_mask(cfg["seq_len"]))
        logits = model.norm(h) @ model.embedding.weight.T
        loss = nn.functional.cross_entropy(logits.reshape(-1, cfg["vocab"]), labels.reshape(-1))

    def loss_fn():
        h = model.embedding(tokens) + model.positions.weight
        for layer in model.layers:
            h = layer(h, src_mask=causal_mask(cfg["seq_len"]))
        logits = model.norm(h) @ model.embedding.weight.T
        return nn.functional.cross_entropy(logits.reshape(-1, cfg["vocab"]), labels.reshape(-1))
    write_gradients(path, loss_fn, params)
    write_golden(path, "transformer_lm", config_text(cfg), params,
                 {"tokens": tokens, "labels": labels}, {"loss": loss, "logits": logits})


def transformer_encoder(path):
    cfg = dict(vocab=17, d_model=12, heads=2, d_ff=20, layers=2, batch=2, seq_len=5,
               type_vocab=2, activation="gelu", eps=1e-12, dropout=0.1, padding_mask=True)
    g = torch.Generator().manual_seed(3)
    model = nn.Module()
    model.embeddings = nn.Module()
    model.embeddings.word_embeddings = nn.Embedding(cfg["vocab"], cfg["d_model"])
    model.embeddings.position_embeddings = nn.Embedding(cfg["seq_len"], cfg["d_model"])
    model.embeddings.token_type_embeddings = nn.Embedding(cfg["type_vocab"], cfg["d_model"])
    model.embeddings.LayerNorm = nn.LayerNorm(cfg["d_model"], eps=cfg["eps"])
    model.encoder = nn.Module()
    model.encoder.layers = nn.ModuleList([
        nn.TransformerEncoderLayer(cfg["d_model"], cfg["heads"], cfg["d_ff"], dropout=0.0,
                                   activation="gelu", batch_first=True, norm_first=False,
                                   layer_norm_eps=cfg["eps"]) for _ in range(cfg["layers"])])
    model.double().eval()
    params = randomize(model, g)
    ids = torch.randint(0, cfg["vocab"], (cfg["batch"], cfg["seq_len"]), generator=g)
    types = torch.randint(0, cfg["type_vocab"], (cfg["batch"], cfg["seq_len"]), generator=g)
    padding = torch.zeros(cfg["batch"], cfg["seq_len"], dtype=torch.bool)
    padding[0, -2:] = True  # the first sequence ends in two pad tokens
    with torch.no_grad():
        e = model.embeddings
        h = e.word_embeddings(ids) + e.position_embeddings.weight + e.token_type_embeddings(types)
        h = e.LayerNorm(h)
        for layer in model.encoder.layers:
            h = layer(h, src_key_padding_mask=padding)
    write_golden(path, "transformer_encoder", config_text(cfg), params,
                 {"input_ids": ids, "token_type_ids": types, "key_padding_mask": padding},
                 {"hidden_states": h})


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    transformer(os.path.join(HERE, "transformer_relu_sinusoidal_tied.safetensors"),
                "relu", "sinusoidal", True, True, False)
    transformer(os.path.join(HERE, "transformer_gelu_learned_untied_loss.safetensors"),
                "gelu", "learned", False, False, True)
    transformer_lm(os.path.join(HERE, "transformer_lm.safetensors"))
    transformer_encoder(os.path.join(HERE, "transformer_encoder.safetensors"))
