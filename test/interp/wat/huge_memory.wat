(module
  (memory (export "mem") 65536)
  (func (export "size") (result i32) (memory.size))
  (func (export "poke_last") (result i32)
    (i32.store8 (i32.const -1) (i32.const 42))
    (i32.load8_u (i32.const -1)))
  (func (export "load_past") (result i32) (i32.load (i32.const -2)))
)
