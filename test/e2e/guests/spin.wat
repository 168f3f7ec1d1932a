;; stdio ABI guest that never returns: only the deadline stops it.
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever))))
