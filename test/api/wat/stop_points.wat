;; Loops a guest may be in when it is stopped from outside. Compiled code polls
;; the interrupt flag only at function entries, and none of these loops calls
;; a wasm function: each needs the signal (and its repetition) to stop.
(module
  (import "env" "busy" (func $busy))  ;; a host function that takes a while
  (memory 1)
  (func (export "count_forever") (result i32) (local i32)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (br $l))
    (local.get 0))
  ;; Nearly all of its time in the bulk-memory helper (host code).
  (func (export "fill_forever")
    (loop $l
      (memory.fill (i32.const 0) (i32.const 0) (i32.const 65536))
      (br $l)))
  ;; Nearly all of its time in a host function.
  (func (export "call_host_forever")
    (loop $l
      (call $busy)
      (br $l)))
  ;; h = h * 31 + i for i in 0..n-1 (mod 2^32): no closed form for LLVM to
  ;; replace the loop with, so it runs long enough to receive signals.
  (func (export "hash_below") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (i32.mul (local.get $sum) (i32.const 31)) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (local.get $sum))
  (func (export "answer") (result i32) (i32.const 42)))
