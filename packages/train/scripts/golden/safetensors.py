"""Golden safetensors files for src/io/safetensors.ts, written byte for byte from the format's
specification with only struct and json (the `safetensors` pip package is not installed here).

Run from packages/train:  python3 scripts/golden/safetensors.py
  → fixtures/safetensors/*.safetensors and fixtures/safetensors/expected.json
Read a file (one written by our saveParams, say) with the same independent code:
  python3 scripts/golden/safetensors.py --read path/to/file.safetensors

The format (huggingface/safetensors, README "Format", and `prepare`/`serialize` in safetensors/src/tensor.rs):
  8 bytes: N, unsigned 64-bit little-endian; N bytes: a UTF-8 JSON object
  {"__metadata__": {str: str}, name: {"dtype": "F64", "shape": [...], "data_offsets": [begin, end]}, ...}
  written compactly and padded with spaces to a multiple of 8 bytes; then the tensors' little-endian bytes,
  C order, laid out one after the other in the order the reference writer sorts them: by dtype, widest
  alignment first, then by name. The reference keeps `__metadata__` in a hash map (any order); we sort its keys.

Before writing anything, this writer is checked against the two byte strings that the reference library's
own tests (`test_serialization` and `test_empty` in safetensors/src/tensor.rs) expect, so the oracle is
tied to the reference implementation and not only to our reading of the README.

The tests read only the files and expected.json: the decoder must return exactly these values, and the
encoder, given the same F64 tensors and metadata, must produce exactly the same bytes.
"""
import json
import os
import struct
import sys

import numpy as np

# The reference library's Dtype enum, in its declared (increasing alignment) order: it sorts by the reverse.
DTYPE_ORDER = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']
NUMPY = {'F64': '<f8', 'F32': '<f4'}


def serialize(tensors, metadata=None, pad=True):
    """tensors: {name: (dtype, numpy array)}. Returns the file's bytes."""
    items = sorted(tensors.items(), key=lambda kv: (-DTYPE_ORDER.index(kv[1][0]), kv[0].encode('utf-8')))
    header = {}
    if metadata:
        header['__metadata__'] = {k: metadata[k] for k in sorted(metadata, key=lambda k: k.encode('utf-8'))}
    chunks = []
    offset = 0
    for name, (dtype, a) in items:
        data = np.ascontiguousarray(a, dtype=NUMPY[dtype]).tobytes()
        header[name] = {'dtype': dtype, 'shape': list(a.shape), 'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    if pad:
        text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(chunks)


def deserialize(blob):
    """The inverse, with the reference reader's checks (offsets tile the data; nothing trails)."""
    (n,) = struct.unpack('<Q', blob[:8])
    header = json.loads(blob[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', {})
    data = blob[8 + n:]
    out = {}
    end = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]['data_offsets']):
        b, e = info['data_offsets']
        assert b == end, f'{name}: offsets {b} != {end}'
        a = np.frombuffer(data[b:e], dtype=NUMPY[info['dtype']]).reshape(info['shape'])
        out[name] = a
        end = e
    assert end == len(data), f'{len(data) - end} trailing bytes'
    return out, metadata


def check_against_reference_tests():
    # test_serialization: one F32 tensor "attn.0" of shape (1,2,3) holding 0..5; its 64-byte header needs no padding.
    f32 = np.arange(6, dtype=np.float32).reshape(1, 2, 3)
    expected = (struct.pack('<Q', 64) + b'{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}'
                + struct.pack('<6f', *range(6)))
    assert serialize({'attn.0': ('F32', f32)}) == expected
    # test_serialization_forced_alignement: name "attn0", shape (1,1,2,3): 7 spaces of padding.
    expected = (struct.pack('<Q', 72) + b'{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}' + b' ' * 7
                + struct.pack('<6f', *range(6)))
    assert serialize({'attn0': ('F32', f32.reshape(1, 1, 2, 3))}) == expected
    # test_empty: no tensors → "{}" and 6 spaces; with metadata {"framework": "pt"} → 35 bytes + 5 spaces.
    assert serialize({}) == struct.pack('<Q', 8) + b'{}' + b' ' * 6
    assert serialize({}, {'framework': 'pt'}) == struct.pack('<Q', 40) + b'{"__metadata__":{"framework":"pt"}}' + b' ' * 5


def case(tensors, metadata, encodable):
    return {
        'metadata': metadata or {},
        'encodable': encodable,  # the TS encoder (F64 only) must reproduce these bytes from the values below
        'tensors': {name: {'dtype': dtype, 'shape': list(a.shape),
                           'values': [float(v) for v in np.asarray(a, dtype=NUMPY[dtype]).ravel()]}
                    for name, (dtype, a) in tensors.items()},
    }


def main():
    check_against_reference_tests()
    rng = np.random.default_rng(4)
    f64 = {
        # The book's parameter names, plus the traps: names that sort differently as numbers ("10" < "9"
        # as text), which a JS object would also reorder; a non-ASCII name (2 UTF-8 bytes, 1 char);
        # a 0-d tensor; an empty (0, 3) tensor; a 4-D conv filter; exact values -0.0, a subnormal and the max float.
        'W1': ('F64', rng.standard_normal((4, 3)) * 0.01),
        'b1': ('F64', np.zeros(3)),
        'W2': ('F64', rng.standard_normal((3, 2))),
        'b2': ('F64', np.array([-0.0, 5e-324])),
        'gamma1': ('F64', np.ones(3)),
        'beta1': ('F64', np.array([1.7976931348623157e308, -2.5, 1 / 3])),
        'W_conv': ('F64', rng.standard_normal((2, 1, 2, 2))),
        'step': ('F64', np.array(7.0)),
        'empty': ('F64', np.zeros((0, 3))),
        '10': ('F64', np.array([10.0])),
        '9': ('F64', np.array([9.0])),
        'Ω': ('F64', np.array([0.1, 0.2])),
    }
    meta = {'net': 'TwoLayerNet', 'format': 'np', 'note': 'ünïcode "quoted" \\ back\nnew\tline \x01'}
    f32 = {'W1': ('F32', rng.standard_normal((2, 3)).astype(np.float32)), 'b1': ('F32', np.array([0.1, -0.25], dtype=np.float32))}
    unpadded = {'W': ('F64', np.array([[1.5, -2.0]])), 'bias': ('F64', np.array([0.125]))}
    files = {
        'params.safetensors': (serialize(f64, meta), case(f64, meta, True)),
        'no-metadata.safetensors': (serialize(f64), case(f64, None, True)),
        'empty.safetensors': (serialize({}), case({}, None, True)),
        'metadata-only.safetensors': (serialize({}, {'framework': 'pt'}), case({}, {'framework': 'pt'}, True)),
        # Not ours to write: F32 (widened on read) and a header left unpadded (data not 8-byte aligned).
        'f32.safetensors': (serialize(f32), case(f32, None, False)),
        'unpadded.safetensors': (serialize(unpadded, pad=False), case(unpadded, None, False)),
    }
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'fixtures', 'safetensors')
    os.makedirs(folder, exist_ok=True)
    for name, (blob, expected) in files.items():
        back, back_meta = deserialize(blob)
        assert set(back) == set(expected['tensors']) and back_meta == expected['metadata'], name
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(blob)
    with open(os.path.join(folder, 'expected.json'), 'w') as f:
        json.dump({name: expected for name, (_, expected) in files.items()}, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print('wrote', len(files), 'files and expected.json to', os.path.normpath(folder))


def read(path):
    with open(path, 'rb') as f:
        tensors, metadata = deserialize(f.read())
    print('metadata', json.dumps(metadata, ensure_ascii=False))
    for name, a in tensors.items():
        print(name, a.dtype, a.shape, 'sum', repr(float(a.sum())), 'first', a.ravel()[:3].tolist())


if __name__ == '__main__':
    if len(sys.argv) == 3 and sys.argv[1] == '--read':
        read(sys.argv[2])
    else:
        main()
