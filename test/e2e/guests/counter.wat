;; http ABI guest with state that would leak if instances were reused: a
;; mutable global and a byte in memory, both incremented on every call.
;; With a fresh instance per request the answer is always "g=1 m=1".
(module
  (import "wisp_http" "body_write" (func $body_write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (data (i32.const 0) "g=? m=?")
  (func (export "wisp_handle")
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store8 (i32.const 100) (i32.add (i32.load8_u (i32.const 100)) (i32.const 1)))
    (i32.store8 (i32.const 2) (i32.add (i32.const 48) (global.get $count)))
    (i32.store8 (i32.const 6) (i32.add (i32.const 48) (i32.load8_u (i32.const 100))))
    (drop (call $body_write (i32.const 0) (i32.const 7)))))
