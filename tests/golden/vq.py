"""Golden files for vq, vq_vae and gumbel_vq.

The math is written out in PyTorch float64 from the equations in the banner
of frontend/models/Vq.cpp; see golden.py for the file format. Argmin and
argmax decisions are kept unambiguous: data are re-drawn until, in every
row, the best and second-best scores differ by more than MIN_GAP, so that
a rounding difference between tgc and PyTorch can never flip an index.
The Gumbel noise of gumbel_vq (training) is tgc's Philox stream, from
philox.py. vq and vq_vae with a loss also get autograd's parameter
gradients (golden.write_gradients).
Run: /usr/bin/python3 tests/golden/vq.py, on the reference BLAS (see golden.py)
"""
import os

import torch
from torch import nn

import philox
from golden import config_text, f32_exact, write_golden, write_gradients

HERE = os.path.dirname(os.path.abspath(__file__))
MIN_GAP = 1e-3
GUMBEL_UNIFORM_LOW = 1e-10  # kGumbelUniformLow in Vq.cpp


def randn(generator, *shape, scale=1.0):
    return f32_exact(torch.randn(shape, generator=generator, dtype=torch.float64) * scale)


def distances(z, codebook):
    """||z_n||^2 - 2 z_n . e_k + ||e_k||^2, [N, K]."""
    return (z * z).sum(1, keepdim=True) - 2 * (z @ codebook.T) + (codebook * codebook).sum(1)


def min_gap(scores):
    """The smallest gap, over rows, between the two largest scores."""
    top2 = scores.topk(2, dim=1).values
    return (top2[:, 0] - top2[:, 1]).min().item()


def quantize(z, codebook, beta):
    """vq's straight-through bottleneck, tg.stop_gradient as .detach():
    quantized = z + sg(q - z), loss = mse(sg(z), q) + beta * mse(z, sg(q))."""
    d = distances(z, codebook)
    assert min_gap(-d) > MIN_GAP, "ambiguous argmin"
    indices = d.argmin(1)
    q = codebook[indices]
    quantized = z + (q - z).detach()
    mse = nn.functional.mse_loss
    loss = mse(z.detach(), q) + beta * mse(z, q.detach())
    return quantized, indices, loss


def draw_vq_data(generator, n, d, k):
    while True:
        z, codebook = randn(generator, n, d), randn(generator, k, d)
        if min_gap(-distances(z, codebook)) > MIN_GAP:
            return z, codebook


def vq(path, with_loss, seed):
    cfg = dict(num_vectors=12, dim=6, codebook_size=10, beta=0.25, with_loss=with_loss)
    g = torch.Generator().manual_seed(seed)
    z, codebook = draw_vq_data(g, cfg["num_vectors"], cfg["dim"], cfg["codebook_size"])
    quantized, indices, loss = quantize(z, codebook, cfg["beta"])
    assert indices.unique().numel() > 2
    if with_loss:
        write_gradients(path, lambda: quantize(z, codebook, cfg["beta"])[2],
                        {"codebook": codebook})
    write_golden(path, "vq", config_text(cfg), {"codebook": codebook}, {"z": z},
                 {"quantized": quantized, "indices": indices, "loss": loss})


class VqVae(nn.Module):
    def __init__(self, in_dim, hidden, dim, codebook_size):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(in_dim, hidden), nn.ReLU(), nn.Linear(hidden, dim))
        self.vq = nn.Module()
        self.vq.codebook = nn.Parameter(torch.zeros(codebook_size, dim))
        self.decoder = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, in_dim))


def vq_vae(path, with_loss):
    cfg = dict(batch=10, in_dim=12, hidden=16, dim=4, codebook_size=8, beta=0.25,
               with_loss=with_loss)
    g = torch.Generator().manual_seed(21)
    model = VqVae(cfg["in_dim"], cfg["hidden"], cfg["dim"], cfg["codebook_size"]).double()
    while True:
        params = {}
        for name, p in model.named_parameters():
            p.copy_(randn(g, *p.shape, scale=0.5))
            params[name] = p
        x = randn(g, cfg["batch"], cfg["in_dim"])
        z = model.encoder(x)
        if min_gap(-distances(z, model.vq.codebook)) > MIN_GAP:
            break

    def forward():
        quantized, indices, vq_loss = quantize(model.encoder(x), model.vq.codebook, cfg["beta"])
        reconstruction = model.decoder(quantized)
        return reconstruction, indices, nn.functional.mse_loss(reconstruction, x) + vq_loss

    reconstruction, indices, loss = forward()
    assert indices.unique().numel() > 2
    outputs = {"reconstruction": reconstruction, "indices": indices}
    if with_loss:
        outputs["loss"] = loss
        write_gradients(path, lambda: forward()[2], params)
    write_golden(path, "vq_vae", config_text(cfg), params, {"x": x}, outputs)


def gumbel_vq(path, training, hard=False, tau=1.0, seed=0):
    cfg = dict(num_vectors=12, dim=6, codebook_size=10, tau=tau, seed=seed,
               training=training, hard=hard)
    n, k = cfg["num_vectors"], cfg["codebook_size"]
    g = torch.Generator().manual_seed(31 + seed)
    u = philox.uniform((n, k), seed, GUMBEL_UNIFORM_LOW, 1.0)
    gumbel = -torch.log(-torch.log(u))
    while True:
        z, codebook = randn(g, n, cfg["dim"]), randn(g, k, cfg["dim"])
        logits = -distances(z, codebook)
        scores = (logits + gumbel) / tau if training else logits
        if min_gap(scores) > MIN_GAP:
            break
    if training:
        soft = torch.softmax(scores, dim=1)
        indices = soft.argmax(1)
        assignments = soft
        if hard:
            one_hot = nn.functional.one_hot(indices, k).double()
            assignments = (one_hot - soft) + soft
    else:
        indices = logits.argmax(1)
        assignments = nn.functional.one_hot(indices, k).double()
    assert indices.unique().numel() > 2
    quantized = assignments @ codebook
    write_golden(path, "gumbel_vq", config_text(cfg), {"codebook": codebook}, {"z": z},
                 {"quantized": quantized, "indices": indices, "assignments": assignments})


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    vq(os.path.join(HERE, "vq.safetensors"), False, seed=11)
    vq(os.path.join(HERE, "vq_loss.safetensors"), True, seed=12)
    vq_vae(os.path.join(HERE, "vq_vae_loss.safetensors"), True)
    vq_vae(os.path.join(HERE, "vq_vae.safetensors"), False)
    gumbel_vq(os.path.join(HERE, "gumbel_vq_inference.safetensors"), False, seed=5)
    gumbel_vq(os.path.join(HERE, "gumbel_vq_training.safetensors"), True, tau=0.5, seed=7)
    gumbel_vq(os.path.join(HERE, "gumbel_vq_training_hard.safetensors"), True, hard=True,
              seed=1234567890123)
