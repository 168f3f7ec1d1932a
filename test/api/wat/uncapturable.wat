;; State an instance image cannot hold: an externref in a table, and a call
;; to a host function (counted by Store::host_calls).
(module
  (import "env" "tick" (func $tick))
  (table $t 1 externref)
  (func (export "keep") (param externref) (table.set $t (i32.const 0) (local.get 0)))
  (func (export "tick") (call $tick)))
