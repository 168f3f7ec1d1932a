;; Minimised from a difftest divergence (seed 20261124, module 12834): the
;; first load is out of bounds and must trap, although `select` (condition
;; 174, non-zero) does not use its value. x86's cmov converter moved the load
;; into the branch taken only when the value is needed, so native code ran on
;; to `unreachable`. wisp turns that LLVM pass off (lib/aot/backend/target.cpp).
(module
  (type (;0;) (func (param i32 i32 f32 f64 i32 i64) (result i32)))
  (type (;1;) (func))
  (func (;0;) (type 0) (param i32 i32 f32 f64 i32 i64) (result i32)
    local.get 0
    i32.const -7
    i32.load offset=4
    local.get 1
    select
    i32.const 15
    i32.and
    i32.load offset=22 align=2
    drop
    unreachable)
  (func (;1;) (type 1)
    i32.const -6224876
    i32.const 174
    f32.const 0x0p+0 (;=0;)
    f64.const 0x0p+0 (;=0;)
    i32.const 104
    i64.const 6
    call 0
    drop)
  (memory (;0;) 16 17)
  (export "func_0_invoker" (func 1)))
