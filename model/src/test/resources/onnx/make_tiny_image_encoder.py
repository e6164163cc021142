#!/usr/bin/env python3
"""Writes the tiny ONNX models that test OnnxImageEncoder, without the onnx package.

The protobuf messages (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto) are
encoded by hand from onnx.proto's field numbers. Run from this folder:

    python3 make_tiny_image_encoder.py

tiny_image_encoder.onnx   pixel_values [N,3,224,224] -> GlobalAveragePool -> Flatten
                          -> Gemm(W [3,8], b [8]) -> embeds [N,8]
bad_input_rank.onnx       features [N,3] -> Gemm -> embeds [N,8]      (input not [N,3,H,W])
bad_output_rank.onnx      pixel_values [N,3,224,224] -> GlobalAveragePool -> pooled [N,3,1,1]

W and b are WEIGHT and BIAS below; OnnxImageEncoderTest repeats them to compute expected outputs.
"""
import struct

import numpy as np

WEIGHT = (np.arange(24, dtype=np.float32).reshape(3, 8) - 11.5) / 8.0  # [3, 8]
BIAS = np.arange(8, dtype=np.float32) / 10.0 - 0.25  # [8]
FLOAT = 1  # TensorProto.DataType.FLOAT


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def tag(field, wire):
    return varint(field << 3 | wire)


def int_field(field, value):
    return tag(field, 0) + varint(value)


def bytes_field(field, payload):
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return tag(field, 2) + varint(len(payload)) + payload


def dimension(d):
    # TensorShapeProto.Dimension: dim_value = 1, dim_param = 2
    return int_field(1, d) if isinstance(d, int) else bytes_field(2, d)


def value_info(name, dims):
    shape = b"".join(bytes_field(1, dimension(d)) for d in dims)  # TensorShapeProto.dim = 1
    tensor_type = int_field(1, FLOAT) + bytes_field(2, shape)  # elem_type = 1, shape = 2
    type_proto = bytes_field(1, tensor_type)  # TypeProto.tensor_type = 1
    return bytes_field(1, name) + bytes_field(2, type_proto)  # name = 1, type = 2


def tensor(name, array):
    out = b"".join(int_field(1, d) for d in array.shape)  # dims = 1
    out += int_field(2, FLOAT)  # data_type = 2
    out += bytes_field(8, name)  # name = 8
    out += bytes_field(9, array.astype("<f4").tobytes())  # raw_data = 9
    return out


def node(op_type, inputs, outputs, name):
    out = b"".join(bytes_field(1, i) for i in inputs)  # input = 1
    out += b"".join(bytes_field(2, o) for o in outputs)  # output = 2
    return out + bytes_field(3, name) + bytes_field(4, op_type)  # name = 3, op_type = 4


def model(name, nodes, initializers, inputs, outputs):
    graph = b"".join(bytes_field(1, n) for n in nodes)  # node = 1
    graph += bytes_field(2, name)  # name = 2
    graph += b"".join(bytes_field(5, t) for t in initializers)  # initializer = 5
    graph += b"".join(bytes_field(11, v) for v in inputs)  # input = 11
    graph += b"".join(bytes_field(12, v) for v in outputs)  # output = 12
    opset = bytes_field(1, "") + int_field(2, 13)  # OperatorSetIdProto: domain, version
    out = int_field(1, 8)  # ir_version = 1
    out += bytes_field(2, "missrec-tests")  # producer_name = 2
    out += bytes_field(7, graph)  # graph = 7
    out += bytes_field(8, opset)  # opset_import = 8
    return out


def write(path, payload):
    with open(path, "wb") as f:
        f.write(payload)
    print(path, len(payload), "bytes")


def main():
    gemm_weights = [tensor("W", WEIGHT), tensor("b", BIAS)]
    write(
        "tiny_image_encoder.onnx",
        model(
            "tiny_image_encoder",
            [
                node("GlobalAveragePool", ["pixel_values"], ["pooled"], "pool"),
                node("Flatten", ["pooled"], ["flat"], "flatten"),
                node("Gemm", ["flat", "W", "b"], ["embeds"], "project"),
            ],
            gemm_weights,
            [value_info("pixel_values", ["N", 3, 224, 224])],
            [value_info("embeds", ["N", 8])],
        ),
    )
    write(
        "bad_input_rank.onnx",
        model(
            "bad_input_rank",
            [node("Gemm", ["features", "W", "b"], ["embeds"], "project")],
            gemm_weights,
            [value_info("features", ["N", 3])],
            [value_info("embeds", ["N", 8])],
        ),
    )
    write(
        "bad_output_rank.onnx",
        model(
            "bad_output_rank",
            [node("GlobalAveragePool", ["pixel_values"], ["pooled"], "pool")],
            [],
            [value_info("pixel_values", ["N", 3, 224, 224])],
            [value_info("pooled", ["N", 3, 1, 1])],
        ),
    )


if __name__ == "__main__":
    main()
