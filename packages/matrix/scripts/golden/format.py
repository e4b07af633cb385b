"""Golden values for formatArray: numpy's repr of float64 arrays under the default print options.

Run: python3 scripts/golden/format.py  (writes packages/matrix/fixtures/format.json)
Generated with numpy 2.4.6; numpy 2's repr style (e.g. `shape=` after summarised arrays) is the target.

The JSON is a list of cases {name, data, shape, repr}. `data` is the flat C-order list of an array of
`shape`, with "nan", "inf", "-inf" and "-0" as strings (JSON has no such numbers). A case with `view`
{shape, strides, offset} (in elements, not bytes) prints that view of the buffer instead.
"""
import json
import math
import os

import numpy as np

assert int(np.__version__.split(".")[0]) >= 2, "the fixture follows numpy 2's repr"

# numpy's defaults, set explicitly so a user's numpy configuration cannot leak into the fixture
np.set_printoptions(precision=8, threshold=1000, edgeitems=3, linewidth=75, floatmode="maxprec",
                    suppress=False, sign="-", nanstr="nan", infstr="inf", legacy=False)
rng = np.random.default_rng(20240607)
nan, inf = np.nan, np.inf
cases = []


def add(name, value, view=None):
    """Record repr(base) or, with `view` (a function of base), repr(view(base))."""
    base = np.ascontiguousarray(np.asarray(value, dtype=np.float64))
    case = {"name": name, "data": [encode(v) for v in base.ravel().tolist()], "shape": list(base.shape)}
    shown = base
    if view is not None:
        shown = view(base)
        assert np.shares_memory(shown, base) or shown.size == 0, name
        start = shown.__array_interface__["data"][0] - base.__array_interface__["data"][0]
        case["view"] = {
            "shape": list(shown.shape),
            "strides": [s // 8 for s in shown.strides],
            "offset": start // 8,
        }
    case["repr"] = repr(shown)
    cases.append(case)


def encode(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0 and math.copysign(1.0, v) < 0:
        return "-0"
    return v


# integers and the book's first examples
add("ints 1-D", [1, 2, 3])
add("ints 2-D", [[1, 2], [3, 4]])
add("ints negative", [-1, 2, -3])
add("zeros", np.zeros(4))
add("ones 2x3", np.ones((2, 3)))
add("book x", [1.0, 2.0, 3.0])
add("book W", [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]])
add("halves", [1.0, 0.25])
# digits
add("0.1 and 1/3", [0.1, 1 / 3])
add("0.1+0.2", [0.1 + 0.2, 1.0])
add("pi e", [math.pi, math.e, -math.pi])
add("8 digits", [1.23456789, 2.0])
add("exactly 8 decimals", [0.12345678, 0.5])
add("12345678.9", [12345678.9, 1.0])
add("99999999", [99999999.0])
add("rounding carry positional", [0.999999999, 2.0])
add("rounding carry 999999.99999999", [999999.999999999, 1.0])
add("1.0000000001", [1.0000000001, 3.0])
add("half-even tie 1/512", [1 / 512, 1.0])
add("half-even ties", [0.5, 1.5, 2.5, 0.125])
add("decimals mixed length", [1.5, 22.25, 333.125, -4.0625])
# exponent mode and its cutoffs
add("1e-5 1e10", [1e-5, 1e10])
add("1e16", [1e16])
add("123456789", [123456789.0])
add("1e8 boundary", [1e8])
add("1e-4 boundary", [1e-4, 0.1])
add("below 1e-4", [9.9999e-5, 1.0])
add("ratio 1000", [1e-3, 1.0])
add("ratio above 1000", [1e-3, 1.01])
add("1/3 and 1e5", [1 / 3, 1e5])
add("sci tie half-even down", [1000000005.0, 1.0])
add("sci tie half-even up", [1000000015.0, 1.0])
add("sci carry", [9.9999999999, 1e-5])
add("3-digit exponents", [1e-5, 1e100])
add("negative exponents mixed sign", [-1e-100, 1e100, 2.5])
add("2**53", [2.0**53, 1.0])
add("1e23 and powers of ten and two", [1e23, 9.999999999999999e22, 1e22, 2.0**63])
add("1e15 and 1", [1e15, 1.0])
add("tiny", [1e-300, 2.2250738585072014e-308])
add("subnormal", [5e-324, 1.0])
add("huge", [1e300, 1.7976931348623157e308, -1e308])
add("zero and tiny", [0.0, 1e-5])
add("random scaled", rng.standard_normal(6) * 10.0 ** rng.integers(-6, 7, 6))
# nan, inf, -0.0
add("nan inf mixed", [nan, 1.0, -inf])
add("inf 2.5", [inf, 2.5])
add("nan only", [nan])
add("nan and inf only", [nan, -inf])
add("inf only", [inf, inf])
add("nan in exp", [nan, 1e-5, 1e10])
add("inf in exp negative", [inf, 1e-10, -1.5e20])
add("nan positional wide", [nan, 0.5, 100.25])
add("nan 2-D", [[nan, nan], [nan, nan]])
add("-0 and 1", [-0.0, 1.0])
add("-0 and 0", [-0.0, 0.0])
add("-0 and -1.5", [-0.0, -1.5])
add("-0 exp", [-0.0, 1e-7])
# 0-d
add("0-d 5", 5.0)
add("0-d nan", nan)
add("0-d -inf", -inf)
add("0-d -0", -0.0)
add("0-d 1e-5", 1e-5)
add("0-d 1/3", 1 / 3)
add("0-d 123456789", 123456789.0)
add("0-d -2.5", -2.5)
# empty
add("empty (0,)", np.zeros(0))
add("empty (0,3)", np.zeros((0, 3)))
add("empty (3,0)", np.zeros((3, 0)))
add("empty (2,0,3)", np.zeros((2, 0, 3)))
add("empty (0,0)", np.zeros((0, 0)))
# shapes with ones, N-D
add("(1,)", [7.0])
add("(1,1)", [[7.0]])
add("(3,1)", [[1.0], [2.0], [3.0]])
add("(1,1,1)", [[[-1.5]]])
add("random uniform 5x5", rng.random((5, 5)))
add("random normal 3x4", rng.standard_normal((3, 4)))
add("3-D arange", np.arange(24.0).reshape(2, 3, 4))
add("3-D random", rng.standard_normal((2, 3, 4)))
add("4-D arange", np.arange(48.0).reshape(2, 2, 3, 4))
add("4-D random exp", rng.standard_normal((2, 2, 2, 3)) * 1e-5)
add("random ints", rng.integers(-100, 100, (4, 6)).astype(np.float64))
add("random small", rng.random((3, 3)) * 1e-3)
# wide rows that wrap
add("arange 30", np.arange(30.0))
add("linspace 20", np.linspace(0, 1, 20))
add("wide 2x20", rng.standard_normal((2, 20)))
add("wide 3-D", rng.random((2, 2, 15)))
add("wide exp", rng.standard_normal(12) * 1e-6)
add("wide nan", np.where(np.arange(25) % 4 == 0, nan, np.arange(25.0)))
add("wide 4-D", rng.random((2, 1, 2, 11)))
# summarised (> 1000 elements)
add("arange 2000", np.arange(2000.0))
add("zeros 1001", np.zeros(1001))
add("hidden middle", np.where(np.arange(1001) == 500, 1e-20, np.arange(1001.0)))
add("random 40x40", rng.random((40, 40)).round(4))
add("11x11x11", np.arange(1331.0).reshape(11, 11, 11))
add("(3,4,100)", rng.standard_normal((3, 4, 100)).round(3))
add("(100,11)", np.arange(1100.0).reshape(100, 11))
add("(2,1000)", np.arange(2000.0).reshape(2, 1000))
add("summary wraps shape", np.arange(1001.0) * 1.123456789e-3 + 10)
add("summary 4-D", rng.standard_normal((7, 2, 9, 10)).round(3))
# views (read through strides)
add("transpose 2x3", np.arange(6.0).reshape(2, 3), lambda b: b.T)
add("transpose random 3x4", rng.standard_normal((3, 4)), lambda b: b.T)
add("transpose 3-D", np.arange(24.0).reshape(2, 3, 4), lambda b: b.transpose(2, 0, 1))
add("slice ::2, 1:", np.arange(20.0).reshape(4, 5), lambda b: b[::2, 1:])
add("reversed", np.array([0.5, -2.0, 1e-5, 3.0]), lambda b: b[::-1])
add("column", rng.random((4, 3)), lambda b: b[:, 1])
add("row of 0-d", np.arange(6.0).reshape(2, 3), lambda b: b[1, 2, ...])
add("transpose summarised", np.arange(1200.0).reshape(30, 40), lambda b: b.T)

out = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "format.json")
with open(out, "w") as f:
    # one case per line keeps the file small and its diffs readable
    f.write("[\n" + ",\n".join(json.dumps(c) for c in cases) + "\n]\n")
print(f"wrote {len(cases)} cases to {os.path.normpath(out)} (numpy {np.__version__})")
