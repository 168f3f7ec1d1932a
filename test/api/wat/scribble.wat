;; Leaves traces everywhere a later instance could see them: memory inside
;; its initial page and in grown pages, and a mutable global.
(module
  (memory (export "memory") 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "scribble") (param $bytes i32)
    (drop (memory.grow (i32.const 3)))
    (memory.fill (i32.const 0) (i32.const 0xA5) (local.get $bytes))
    (global.set $g (i32.const 77)))
  (func (export "peek") (param $addr i32) (result i32)
    (i32.load8_u (local.get $addr)))
  (func (export "pages") (result i32) (memory.size))
  (func (export "grow") (param $n i32) (result i32) (memory.grow (local.get $n))))
