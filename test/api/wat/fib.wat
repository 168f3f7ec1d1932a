(module
  (memory (export "memory") 1)
  (data (i32.const 8) "\2a\00\00\00")
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  ;; The word at address 8 plus the argument: proves data segments reached memory.
  (func (export "load_plus") (param i32) (result i32)
    (i32.add (i32.load (i32.const 8)) (local.get 0)))
)
