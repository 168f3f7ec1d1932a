(module
  (func (export "add_lanes") (param i32 i32) (result i32)
    (i32x4.extract_lane 2
      (i32x4.add (i32x4.splat (local.get 0)) (i32x4.splat (local.get 1)))))
  (func (export "shuffle_sum") (result i32)
    (local v128)
    (local.set 0 (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0
      (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15) (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)))
    (i32.add (i8x16.extract_lane_u 0 (local.get 0)) (i8x16.extract_lane_u 1 (local.get 0))))
)
