;; Hostile stdio guest: an active element segment past the end of its table.
(module
  (memory (export "memory") 1)
  (table 2 funcref)
  (func $f)
  (elem (i32.const 1) $f $f $f)
  (func (export "_start")))
