;; Hostile stdio guest: an infinite loop. Only the function's deadline stops it.
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop $forever (br $forever))))
