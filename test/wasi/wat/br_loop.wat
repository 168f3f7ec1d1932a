;; The smallest endless guest: a WASI command whose _start is `loop br 0 end`.
(module
  (memory (export "memory") 1)
  (func (export "_start") (loop (br 0))))
