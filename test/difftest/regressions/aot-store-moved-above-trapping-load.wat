(module
  (type (;0;) (func (param i64)))
  (type (;1;) (func (param i64 f64) (result f64)))
  (import "fuzzing-support" "log-i64" (func (;0;) (type 0)))
  (func (;1;) (type 1) (param i64 f64) (result f64)
    (local i32)
    i32.const -48
    i32.load16_s offset=4
    i32.const 18
    i32.const 65430
    i32.store16 align=1
    if  ;; label = @1
      i64.const -53
      call 0
    end
    f64.const 0x0p+0 (;=0;))
  (memory (;0;) 16 17)
  (export "func_14" (func 1))
  (export "memory" (memory 0)))
