;; Hostile stdio guest: an active data segment that ends past its one-page
;; memory. It validates; instantiation must fail with an out-of-bounds access.
(module
  (memory (export "memory") 1)
  (data (i32.const 65530) "0123456789")
  (func (export "_start")))
