(module
  (memory (export "mem") 1 2)
  (table (export "tab") 3 funcref)
  (global (export "g") (mut i32) (i32.const 5))
  (func (export "f") (result i32) (i32.const 42))
)
