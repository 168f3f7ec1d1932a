;; Hostile http guest: writes 100 MB of response body in 64 KiB calls to
;; wisp_http.body_write, whatever the host answers.
(module
  (import "wisp_http" "body_write" (func $body_write (param i32 i32) (result i32)))
  (memory (export "memory") 2)
  (func (export "wisp_handle") (result i32)
    (local $i i32)
    (loop $more
      (drop (call $body_write (i32.const 0) (i32.const 65536)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 1600))))
    (i32.const 200)))
