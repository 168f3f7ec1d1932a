(module
  (type (;0;) (func))
  (type (;1;) (func (param f64)))
  (type (;2;) (func (result f32)))
  (type (;3;) (func (param f32) (result f32)))
  (type (;4;) (func (param f64) (result f64)))
  (import "fuzzing-support" "log-f64" (func (;0;) (type 1)))
  (func (;1;) (type 2) (result f32)
    (local v128)
    global.get 0
    i32.eqz
    if  ;; label = @1
      f32.const 0x1.ffffb6p+15 (;=65535.9;)
      call 4
      return
    end
    i32.const 0
    global.set 0
    f64.const 0x1.fffffep+127 (;=3.40282e+38;)
    call 5
    drop
    v128.const i32x4 0x007f5001 0xffa500ff 0x0001ffea 0xffc8ffe9
    local.get 0
    f32x4.max
    i32x4.extract_lane 3
    i32.extend16_s
    i32.const 15
    i32.and
    f64.load offset=4 align=4
    call 5
    call 0
    global.get 0
    i32.eqz
    if  ;; label = @1
      f32.const 0x0p+0 (;=0;)
      return
    end
    f32.const 0x0p+0 (;=0;))
  (func (;2;) (type 0)
    f32.const 0x0p+0 (;=0;)
    call 4
    drop
    global.get 0
    i32.eqz
    if  ;; label = @1
      return
    end
    call 1
    call 4
    f32.const 0x0p+0 (;=0;)
    f32.ne
    if  ;; label = @1
      i32.const -1
      global.set 0
      unreachable
    end
    f32.const 0x1p+63 (;=9.22337e+18;)
    call 4
    drop)
  (func (;3;) (type 0)
    global.get 0
    i32.eqz
    if  ;; label = @1
      unreachable
    end
    f32.const 0x1p+31 (;=2.14748e+09;)
    call 4
    drop
    call 2)
  (func (;4;) (type 3) (param f32) (result f32)
    f32.const 0x0p+0 (;=0;))
  (func (;5;) (type 4) (param f64) (result f64)
    local.get 0)
  (memory (;0;) 16 17)
  (global (;0;) (mut i32) (i32.const 10))
  (export "func_17_invoker" (func 3))
  (data (;0;) (i32.const 0) ")\01\c5\c7\7f"))
