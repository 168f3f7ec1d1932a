;; Hostile stdio guest: its start function traps, so instantiation fails.
(module
  (memory (export "memory") 1)
  (func $boom unreachable)
  (start $boom)
  (func (export "_start")))
