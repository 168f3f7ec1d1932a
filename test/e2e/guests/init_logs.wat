;; http ABI reactor whose `_initialize` writes "init" to stderr: it reaches
;; the host, so it is never captured in an image and runs for every request
;; (each request's log has the line). The handler answers "g=1".
(module
  (import "wisp_http" "body_write" (func $body_write (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (data (i32.const 0) "g=?")
  (data (i32.const 32) "init\n")
  (func (export "_initialize")
    (global.set $count (i32.const 0))
    ;; iovec at 16: {ptr 32, len 5}
    (i32.store (i32.const 16) (i32.const 32))
    (i32.store (i32.const 20) (i32.const 5))
    (drop (call $fd_write (i32.const 2) (i32.const 16) (i32.const 1) (i32.const 24))))
  (func (export "wisp_handle")
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store8 (i32.const 2) (i32.add (i32.const 48) (global.get $count)))
    (drop (call $body_write (i32.const 0) (i32.const 3)))))
