#!/usr/bin/env python3
"""How often a class-conditional digits bundle draws the digit it was asked for.

A small CNN is trained on the rendered digits (scripts/data/render_digits.py's npz: images and
labels; a second set rendered with another seed is held out to report its own accuracy), then
it classifies samples that `kiln sample --label ... --tensor-out` wrote. It is our own check,
not the hidden one: it says whether the samples read as their labels to a classifier that reads
the training distribution well.

  /usr/bin/python3 scripts/train/digit_accuracy.py --data .data/digits-50k.npz \
      --held-out .data/digits-5k-seed1.npz --samples s.safetensors --labels 0,1,...,9,0,1,...

The classifier is cached beside the data (<data>.clf.pt) so later runs only classify.
"""
import argparse
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        body = f.read()
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        if meta["dtype"] != "F32":
            sys.exit(f"{path}: {name}: expected F32, got {meta['dtype']}")
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(body[a:b], dtype="<f4").reshape(meta["shape"])
    return out


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 32, 3, padding=1)
        self.c2 = nn.Conv2d(32, 64, 3, padding=1)
        self.c3 = nn.Conv2d(64, 128, 3, padding=1)
        self.fc = nn.Linear(128 * 4 * 4, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.c1(x)), 2)
        x = F.max_pool2d(F.relu(self.c2(x)), 2)
        x = F.max_pool2d(F.relu(self.c3(x)), 2)
        return self.fc(x.flatten(1))


def to_model_space(images_u8):
    # The same mapping the trainer uses: [0, 255] -> [-1, 1].
    return torch.from_numpy(images_u8.astype(np.float32) / 127.5 - 1.0).unsqueeze(1)


def train(data_path, epochs, seed):
    torch.manual_seed(seed)
    d = np.load(data_path)
    x, y = to_model_space(d["images"]), torch.from_numpy(d["labels"].astype(np.int64))
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    for epoch in range(epochs):
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            idx = perm[i : i + 128]
            loss = F.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"classifier epoch {epoch + 1}/{epochs}: loss {loss.item():.4f}", file=sys.stderr)
    return net


def accuracy(net, x, y):
    with torch.no_grad():
        pred = torch.cat([net(x[i : i + 512]).argmax(1) for i in range(0, len(x), 512)])
    return pred, (pred == y).float().mean().item()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True)
    p.add_argument("--held-out")
    p.add_argument("--samples", action="append", default=[], help="--tensor-out files (repeatable)")
    p.add_argument("--labels", action="append", default=[], help="comma list per --samples file")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args()
    if len(a.samples) != len(a.labels):
        sys.exit("digit_accuracy: give one --labels list per --samples file")
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    cache = a.data + ".clf.pt"
    net = Net()
    if os.path.exists(cache):
        net.load_state_dict(torch.load(cache))
    else:
        net = train(a.data, a.epochs, a.seed)
        torch.save(net.state_dict(), cache)
    net.eval()
    report = {}
    if a.held_out:
        d = np.load(a.held_out)
        _, acc = accuracy(net, to_model_space(d["images"]), torch.from_numpy(d["labels"].astype(np.int64)))
        report["held_out_accuracy"] = round(acc, 4)
    xs, ys = [], []
    for path, labels in zip(a.samples, a.labels):
        out = read_safetensors(path)["out"]
        lab = [int(v) for v in labels.split(",")]
        if len(lab) != out.shape[0]:
            sys.exit(f"{path}: {out.shape[0]} images but {len(lab)} labels")
        xs.append(torch.from_numpy(np.clip(out, -1, 1).copy()))
        ys.append(torch.tensor(lab))
    if xs:
        x, y = torch.cat(xs), torch.cat(ys)
        pred, acc = accuracy(net, x, y)
        per = {}
        for k in range(10):
            m = y == k
            if m.any():
                per[str(k)] = round((pred[m] == k).float().mean().item(), 3)
        report.update(samples=len(y), accuracy=round(acc, 4), per_label=per,
                      mean_per_label=round(float(np.mean(list(per.values()))), 4))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
