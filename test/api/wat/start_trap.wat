(module
  (func $s unreachable)
  (start $s)
)
