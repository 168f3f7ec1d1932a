(module (memory 16))
