;; http ABI reactor whose `_initialize` sets state (a global, and a byte past
;; the memory pool's 128 KiB resident prefix) that every request increments.
;; With a fresh instance per request, whether it starts from the captured
;; post-initialisation image or is initialised anew, the answer is always "g=6 m=6".
(module
  (import "wisp_http" "body_write" (func $body_write (param i32 i32) (result i32)))
  (memory (export "memory") 3)
  (global $count (mut i32) (i32.const 0))
  (data (i32.const 0) "g=? m=?")
  (func (export "_initialize")
    (global.set $count (i32.const 5))
    (i32.store8 (i32.const 150000) (i32.const 5)))
  (func (export "wisp_handle")
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store8 (i32.const 150000) (i32.add (i32.load8_u (i32.const 150000)) (i32.const 1)))
    (i32.store8 (i32.const 2) (i32.add (i32.const 48) (global.get $count)))
    (i32.store8 (i32.const 6) (i32.add (i32.const 48) (i32.load8_u (i32.const 150000))))
    (drop (call $body_write (i32.const 0) (i32.const 7)))))
