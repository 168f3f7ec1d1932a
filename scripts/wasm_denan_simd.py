#!/usr/bin/env python3
"""Canonicalises the NaNs that SIMD float instructions produce, for difftest.

    scripts/wasm_denan_simd.py IN.wasm OUT.wasm

The spec lets every engine choose the payload (and sign) of a NaN that an
arithmetic instruction produces; binaryen's `--denan` (108) rewrites scalar
floats only. After each f32x4/f64x2 instruction whose NaN results are not
fully determined by its inputs (arithmetic, sqrt, min/max, rounding,
demote/promote), this inserts

    local.tee $t
    v128.const <canonical NaN per lane>
    local.get $t  local.get $t  f32x4.eq (f64x2.eq)
    v128.bitselect

which keeps every non-NaN lane and makes every NaN lane the positive
canonical NaN, so payloads can no longer reach memory, results or addresses.
`$t` is one v128 local appended to each function that needs it. Bit-exact
instructions (abs, neg, pmin/pmax, lane moves, loads) are left alone: all
engines must agree on those bit for bit.

The instruction table (immediate kinds) is read from lib/ast/opcodes.def, the
table wisp's own decoder uses, so every WebAssembly 2.0 instruction is walked.
A module beyond that (binaryen may emit typed function references, which no
engine compared here compiles) raises Malformed; difftest then compares it
uninstrumented and counts it.
"""
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OPCODES_DEF = os.path.join(ROOT, "lib", "ast", "opcodes.def")

F32X4_EQ, F64X2_EQ, V128_CONST, V128_BITSELECT = 65, 71, 12, 82
# 0xFD sub-opcodes whose NaN results engines may choose, by lane shape.
F32X4_NAN_PRODUCERS = {94, 103, 104, 105, 106, 227, 228, 229, 230, 231, 232, 233}
F64X2_NAN_PRODUCERS = {95, 116, 117, 122, 148, 239, 240, 241, 242, 243, 244, 245}
CANONICAL_F32X4 = struct.pack("<I", 0x7FC00000) * 4
CANONICAL_F64X2 = struct.pack("<Q", 0x7FF8000000000000) * 2
V128 = 0x7B


class Malformed(Exception):
    pass


def load_immediates():
    """(prefix, code) -> immediate kind, from opcodes.def."""
    table = {}
    pattern = re.compile(r"^WISP_OP\(\w+,\s*(0x[0-9A-Fa-f]+),\s*(\d+),\s*\"[^\"]*\",\s*(\w+),")
    with open(OPCODES_DEF) as f:
        for line in f:
            m = pattern.match(line)
            if m:
                table[(int(m.group(1), 16), int(m.group(2)))] = m.group(3)
    if not table:
        raise RuntimeError(f"no instructions found in {OPCODES_DEF}")
    return table


IMMEDIATES = load_immediates()


def leb_u(data, pos):
    result = shift = 0
    while True:
        if pos >= len(data):
            raise Malformed("truncated LEB128")
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def leb_s_skip(data, pos):
    while True:
        if pos >= len(data):
            raise Malformed("truncated LEB128")
        b = data[pos]
        pos += 1
        if not b & 0x80:
            return pos


VALTYPES_2_0 = (0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F)
# (ref ht) / (ref null ht) of the function-references proposal, which binaryen
# emits with reference types enabled: a heap type follows. 0x64/0x63 is the
# final encoding, 0x6C/0x6B the one binaryen 108 writes.
REF_WITH_HEAP_TYPE = (0x63, 0x64, 0x6B, 0x6C)


def skip_valtype(data, pos):
    if data[pos] in VALTYPES_2_0:
        return pos + 1
    if data[pos] in REF_WITH_HEAP_TYPE:
        return leb_s_skip(data, pos + 1)
    raise Malformed(f"unknown value type {data[pos]:#x}")


def enc_u(value):
    out = bytearray()
    while True:
        b = value & 0x7F
        value >>= 7
        if value:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def skip_immediates(kind, data, pos):
    if kind == "None":
        return pos
    if kind in ("BlockType", "I32", "I64"):
        return leb_s_skip(data, pos)
    if kind in ("Label", "FuncIdx", "LocalIdx", "GlobalIdx", "TableIdx", "ElemIdx", "DataIdx", "MemIdx"):
        return leb_u(data, pos)[1]
    if kind in ("CallIndirect", "MemArg", "MemoryCopy", "MemoryInit", "TableCopy", "TableInit"):
        return leb_u(data, leb_u(data, pos)[1])[1]
    if kind == "MemArgLane":
        return leb_u(data, leb_u(data, pos)[1])[1] + 1
    if kind == "Lane":
        return pos + 1
    if kind == "RefType":  # a heap type: one byte in 2.0, an s33 type index with function references
        return leb_s_skip(data, pos)
    if kind == "F32":
        return pos + 4
    if kind == "F64":
        return pos + 8
    if kind in ("V128", "Shuffle"):
        return pos + 16
    if kind == "LabelTable":
        count, pos = leb_u(data, pos)
        for _ in range(count + 1):
            pos = leb_u(data, pos)[1]
        return pos
    if kind == "SelectT":
        count, pos = leb_u(data, pos)
        for _ in range(count):
            pos = skip_valtype(data, pos)
        return pos
    raise Malformed(f"unknown immediate kind {kind}")


def canonicaliser(local, lanes_f32):
    tee_get = bytes([0x20]) + enc_u(local)
    return (bytes([0x22]) + enc_u(local) + bytes([0xFD]) + enc_u(V128_CONST) +
            (CANONICAL_F32X4 if lanes_f32 else CANONICAL_F64X2) + tee_get + tee_get + bytes([0xFD]) +
            enc_u(F32X4_EQ if lanes_f32 else F64X2_EQ) + bytes([0xFD]) + enc_u(V128_BITSELECT))


def rewrite_body(body, nparams):
    """The function body with canonicalisers inserted, or None if it needs none."""
    groups, pos = leb_u(body, 0)
    nlocals = 0
    for _ in range(groups):
        n, pos = leb_u(body, pos)
        nlocals += n
        pos = skip_valtype(body, pos)
    locals_end = pos
    scratch = nparams + nlocals
    out = bytearray()
    copied = pos
    changed = False
    while pos < len(body):
        op = body[pos]
        pos += 1
        key = (0x00, op)
        if op in (0xFC, 0xFD):
            sub, pos = leb_u(body, pos)
            key = (op, sub)
        kind = IMMEDIATES.get(key)
        if kind is None:
            raise Malformed(f"unknown instruction {key[0]:#x} {key[1]}")
        pos = skip_immediates(kind, body, pos)
        if op == 0xFD and (key[1] in F32X4_NAN_PRODUCERS or key[1] in F64X2_NAN_PRODUCERS):
            out += body[copied:pos]
            out += canonicaliser(scratch, key[1] in F32X4_NAN_PRODUCERS)
            copied = pos
            changed = True
    if not changed:
        return None
    out += body[copied:]
    header = enc_u(groups + 1) + body[leb_u(body, 0)[1]:locals_end] + enc_u(1) + bytes([V128])
    return header + bytes(out)


def read_sections(data):
    if data[:8] != b"\0asm\x01\0\0\0":
        raise Malformed("not a WebAssembly 1.0 binary")
    pos, sections = 8, []
    while pos < len(data):
        sid = data[pos]
        size, start = leb_u(data, pos + 1)
        sections.append((sid, data[start:start + size]))
        pos = start + size
    return sections


def function_param_counts(sections):
    """Parameter count of every defined function, in code-section order."""
    types, imported, defined = [], 0, []
    for sid, payload in sections:
        if sid == 1:
            count, pos = leb_u(payload, 0)
            for _ in range(count):
                if payload[pos] != 0x60:
                    raise Malformed("unsupported type form")
                nparams, pos = leb_u(payload, pos + 1)
                types.append(nparams)
                for _ in range(nparams):
                    pos = skip_valtype(payload, pos)
                nresults, pos = leb_u(payload, pos)
                for _ in range(nresults):
                    pos = skip_valtype(payload, pos)
        elif sid == 2:
            count, pos = leb_u(payload, 0)
            for _ in range(count):
                for _ in range(2):  # module and field names
                    n, pos = leb_u(payload, pos)
                    pos += n
                kind = payload[pos]
                pos += 1
                if kind == 0x00:
                    imported += 1
                    pos = leb_u(payload, pos)[1]
                elif kind == 0x01:  # table: reftype + limits
                    pos = skip_valtype(payload, pos)
                    flags, pos = leb_u(payload, pos)
                    pos = leb_u(payload, pos)[1]
                    if flags & 1:
                        pos = leb_u(payload, pos)[1]
                elif kind == 0x02:  # memory: limits
                    flags, pos = leb_u(payload, pos)
                    pos = leb_u(payload, pos)[1]
                    if flags & 1:
                        pos = leb_u(payload, pos)[1]
                elif kind == 0x03:  # global: valtype + mutability
                    pos = skip_valtype(payload, pos) + 1
                else:
                    raise Malformed(f"unknown import kind {kind}")
        elif sid == 3:
            count, pos = leb_u(payload, 0)
            for _ in range(count):
                t, pos = leb_u(payload, pos)
                defined.append(types[t])
    return defined


def denan_simd(data):
    sections = read_sections(data)
    params = function_param_counts(sections)
    out = bytearray(data[:8])
    for sid, payload in sections:
        if sid == 10:
            count, pos = leb_u(payload, 0)
            code = bytearray(enc_u(count))
            for i in range(count):
                size, pos = leb_u(payload, pos)
                body = payload[pos:pos + size]
                pos += size
                new = rewrite_body(body, params[i])
                body = body if new is None else new
                code += enc_u(len(body)) + body
            payload = bytes(code)
        out += bytes([sid]) + enc_u(len(payload)) + payload
    return bytes(out)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.split("\n\n")[1])
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    try:
        result = denan_simd(data)
    except (Malformed, IndexError) as e:
        sys.exit(f"wasm_denan_simd: {sys.argv[1]}: {e}")
    with open(sys.argv[2], "wb") as f:
        f.write(result)


if __name__ == "__main__":
    main()
