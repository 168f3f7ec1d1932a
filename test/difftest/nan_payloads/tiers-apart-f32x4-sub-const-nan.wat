(module
  (type (;0;) (func))
  (func (;0;) (type 0)
    i32.const 23
    global.get 0
    v128.const i32x4 0xffffffff 0xffffffff 0xffffffff 0xffffffff
    f32x4.sub
    v128.store align=1)
  (memory (;0;) 16 17)
  (global (;0;) (mut v128) (v128.const i32x4 0xff88d84b 0xf801fbff 0x7fff5f4a 0x003f0001))
  (export "func_11_invoker" (func 0))
  (export "memory" (memory 0)))
