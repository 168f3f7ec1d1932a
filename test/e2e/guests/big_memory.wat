;; stdio ABI guest whose initial memory (100 pages = 6.25 MiB) is larger than
;; a small --memory limit: instantiation itself must fail.
(module
  (memory (export "memory") 100)
  (func (export "_start")))
