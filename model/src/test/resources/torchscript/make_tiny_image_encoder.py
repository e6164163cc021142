#!/usr/bin/env python3
"""Writes the tiny TorchScript models that test TorchScriptImageEncoder.

Needs PyTorch: Debian's python3-torch 1.13.1 (it reports 1.13.0a0) wrote the committed files, and
DJL's libtorch 2.7.1 loads them. Run from this folder with Debian's Python:

    /usr/bin/python3 make_tiny_image_encoder.py

tiny_image_encoder.pt    x [N,3,H,W] -> mean over H, W -> x @ W + b -> [N,8]
                         (the same function, with the same W and b, as ../onnx/tiny_image_encoder.onnx)
tiny_image_encoder_dict.pt
                         x -> {"pooled": [N,3], "embeds": [N,8]} (an output picked by name)
bad_input_rank.pt        features [N,3] -> features @ W + b       (input not [N,3,H,W])
bad_output_rank.pt       x -> mean keeping H, W -> [N,3,1,1]     (output not [N, dim])
int_output.pt            x -> [N,8] of int64                      (output not floating point)

W and b are WEIGHT and BIAS below, the same as ../onnx/make_tiny_image_encoder.py;
TestImages repeats them to compute expected outputs by hand.
"""
from typing import Dict

import torch

WEIGHT = (torch.arange(24, dtype=torch.float32).reshape(3, 8) - 11.5) / 8.0  # [3, 8]
BIAS = torch.arange(8, dtype=torch.float32) / 10.0 - 0.25  # [8]


class Tiny(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(WEIGHT.clone(), requires_grad=False)
        self.bias = torch.nn.Parameter(BIAS.clone(), requires_grad=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3)) @ self.weight + self.bias


class TinyDict(Tiny):
    def forward(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        pooled = x.mean(dim=(2, 3))
        return {"pooled": pooled, "embeds": pooled @ self.weight + self.bias}


class BadInputRank(Tiny):
    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return features @ self.weight + self.bias


class BadOutputRank(torch.nn.Module):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.mean(dim=(2, 3), keepdim=True)


class IntOutput(Tiny):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (x.mean(dim=(2, 3)) @ self.weight + self.bias).long()


def write(path, module):
    scripted = torch.jit.script(module.eval())
    scripted.save(path)
    print(path, "written by torch", torch.__version__)


def main():
    torch.manual_seed(0)
    write("tiny_image_encoder.pt", Tiny())
    write("tiny_image_encoder_dict.pt", TinyDict())
    write("bad_input_rank.pt", BadInputRank())
    write("bad_output_rank.pt", BadOutputRank())
    write("int_output.pt", IntOutput())
    # A self-check against the formula the Java test uses.
    x = torch.rand(2, 3, 5, 7)
    expected = x.mean(dim=(2, 3)) @ WEIGHT + BIAS
    assert torch.allclose(torch.jit.load("tiny_image_encoder.pt")(x), expected)


if __name__ == "__main__":
    main()
