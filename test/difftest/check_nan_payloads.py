#!/usr/bin/env python3
"""CTest difftest_nan_payloads: scripts/wasm_denan_simd.py must make the
engines agree on modules that diverge only by SIMD NaN payloads.

    check_nan_payloads.py DIFFTEST DRIVER INPUT_DIR WORK_DIR

Each input must still diverge as it is (else it no longer tests anything:
replace it), and must agree once instrumented.
"""
import os
import shutil
import subprocess
import sys

difftest, driver, inputs, work = sys.argv[1:5]
sys.path.insert(0, os.path.dirname(os.path.abspath(difftest)))
import wasm_denan_simd  # noqa: E402

shutil.rmtree(work, ignore_errors=True)
failed = False
for name in sorted(f for f in os.listdir(inputs) if f.endswith(".wasm")):
    case = os.path.join(work, name[:-5])
    os.makedirs(os.path.join(case, "raw"))
    os.makedirs(os.path.join(case, "denan"))
    shutil.copy(os.path.join(inputs, name), os.path.join(case, "raw", name))
    with open(os.path.join(inputs, name), "rb") as f:
        data = wasm_denan_simd.denan_simd(f.read())
    with open(os.path.join(case, "denan", name), "wb") as f:
        f.write(data)

    def replay(which):
        r = subprocess.run([sys.executable, difftest, "--replay", os.path.join(case, which), "--out",
                            os.path.join(case, which + "-out"), "--driver", driver],
                           capture_output=True, text=True)
        return r.returncode, r.stdout.strip().splitlines()[-1:]

    raw_rc, raw_tail = replay("raw")
    denan_rc, denan_tail = replay("denan")
    print(f"{name}: as is exit {raw_rc} {raw_tail}; instrumented exit {denan_rc} {denan_tail}")
    if raw_rc != 1:
        print(f"  {name} no longer diverges as it is: it tests nothing, replace it")
        failed = True
    if denan_rc != 0:
        print(f"  {name} still diverges after wasm_denan_simd.py")
        failed = True
sys.exit(1 if failed else 0)
