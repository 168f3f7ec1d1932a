(module (import "p" "mem" (memory 1 1)))
