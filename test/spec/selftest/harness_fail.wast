;; Commands that must fail, each for a reason the report has to name. The
;; self-test runs this with harness_fail.xfail, which lists one real failure
;; (line 11) and one command that passes (line 13).
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "spin") (loop (br 0)))
)
(assert_return (invoke "one") (i32.const 2))
(assert_trap (invoke "one") "unreachable")
(assert_return (invoke "spin"))
(assert_return (invoke "one") (f32.const 1))
(assert_return (invoke "missing"))
(assert_return (invoke "one") (i32.const 1))
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(module $broken (func $f unreachable) (start $f) (func (export "f")))
(assert_return (invoke $broken "f"))
