(module
  (import "p" "f" (func $f (result i32)))
  (import "p" "tab" (table 3 funcref))
  (import "p" "mem" (memory 1))
  (import "p" "g" (global (mut i32)))
  (func (export "call_f") (result i32) (call $f))
  (func (export "bump_g") (result i32) (global.set 0 (i32.add (global.get 0) (i32.const 1))) (global.get 0))
  (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
)
