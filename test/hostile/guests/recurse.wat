;; Hostile stdio guest: unbounded recursion with a few locals per frame, so
;; the engine's call-depth or stack limit must end it with a trap.
(module
  (memory (export "memory") 1)
  (func $deeper (param $n i64) (result i64)
    (local $a i64) (local $b i64) (local $c i64)
    (local.set $a (i64.add (local.get $n) (i64.const 1)))
    (local.set $b (call $deeper (local.get $a)))
    (local.set $c (i64.add (local.get $b) (local.get $a)))
    (local.get $c))
  (func (export "_start") (drop (call $deeper (i64.const 0)))))
