(module
  (type (;0;) (func (result i32)))
  (func (;0;) (type 0) (result i32)
    i32.const 22
    v128.load
    v128.const i32x4 0x2c07eca4 0x02811d00 0x0001bf47 0x810000ff
    f32x4.lt
    v128.const i32x4 0x7f013b32 0xffff0000 0x00fe1000 0x0080b9ff
    f64x2.max
    i32x4.extract_lane 1
    i32.const 15
    i32.and
    v128.const i32x4 0xd3800000 0xffff9653 0x55000000 0x5a800000
    v128.store offset=3 align=1
    unreachable)
  (memory (;0;) 16 17)
  (export "func_23" (func 0))
  (export "memory" (memory 0)))
