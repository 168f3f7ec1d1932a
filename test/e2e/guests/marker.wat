;; A stdio guest whose answer is a marker the kill -9 test rewrites in the
;; binary (the data segment's bytes appear verbatim): "MARK" + 10 digits, so a
;; response names the exact deploy its module came from.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "MARK0000000000\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
