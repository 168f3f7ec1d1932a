(module
  (import "p" "tab" (table 3 funcref))
  (import "p" "mem" (memory 1))
  (func $g (result i32) (i32.const 7))
  (elem (i32.const 0) $g)
  (elem (i32.const 2) $g $g)
  (data (i32.const 0) "x")
)
