(module
 (type $none_=>_i32 (func (result i32)))
 (memory $0 16 17)
 (export "hashMemory" (func $0))
 (func $0 (result i32)
  (drop
   (i32.xor
    (i32.load8_u offset=6
     (i32.const -1)
    )
    (i32.const 1)
   )
  )
  (i32.const -48)
 )
)

