// Builds the binary of WebAssembly modules too large to keep as fixtures:
// 100k functions, 100k imports, 100k locals. Each is a stdio command
// (exports "_start") that validates, so what is tested is the platform's
// handling of size, not the decoder's rejection of garbage.
#pragma once

#include <cstdint>
#include <string>

namespace wisp::faas::hostile::wasm {

inline void leb(std::string& out, uint64_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v) byte |= 0x80;
    out.push_back(static_cast<char>(byte));
  } while (v);
}

inline void name(std::string& out, const std::string& text) {
  leb(out, text.size());
  out += text;
}

inline void section(std::string& module, uint8_t id, const std::string& contents) {
  module.push_back(static_cast<char>(id));
  leb(module, contents.size());
  module += contents;
}

inline std::string header() { return std::string("\0asm\1\0\0\0", 8); }

// Types: 0 = [] -> [], 1 = [i32] -> [].
inline std::string two_types() {
  std::string types;
  leb(types, 2);
  types += std::string("\x60\x00\x00", 3);
  types += std::string("\x60\x01\x7f\x00", 4);
  return types;
}

inline std::string export_start(uint32_t func_index) {
  std::string exports;
  leb(exports, 1);
  name(exports, "_start");
  exports.push_back(0x00);
  leb(exports, func_index);
  return exports;
}

// A custom section that makes otherwise equal modules differ (another digest).
inline void salt(std::string& module, uint32_t value) {
  std::string contents;
  name(contents, "salt");
  leb(contents, value);
  section(module, 0, contents);
}

// `count` functions of type [] -> []; _start (function 0) calls the last one.
inline std::string module_with_functions(uint32_t count, uint32_t salt_value = 0) {
  std::string m = header();
  section(m, 1, two_types());
  std::string funcs;
  leb(funcs, count);
  for (uint32_t i = 0; i < count; ++i) funcs.push_back(0x00);
  section(m, 3, funcs);
  section(m, 7, export_start(0));
  std::string code;
  leb(code, count);
  std::string call_last;
  call_last.push_back(0x00);  // no locals
  call_last.push_back(0x10);  // call
  leb(call_last, count - 1);
  call_last.push_back(0x0b);
  leb(code, call_last.size());
  code += call_last;
  for (uint32_t i = 1; i < count; ++i) code += std::string("\x02\x00\x0b", 3);
  section(m, 10, code);
  salt(m, salt_value);
  return m;
}

// `count` imports of wasi_snapshot_preview1.proc_exit, and a _start that returns.
inline std::string module_with_imports(uint32_t count) {
  std::string m = header();
  section(m, 1, two_types());
  std::string imports;
  leb(imports, count);
  for (uint32_t i = 0; i < count; ++i) {
    name(imports, "wasi_snapshot_preview1");
    name(imports, "proc_exit");
    imports.push_back(0x00);
    leb(imports, 1);
  }
  section(m, 2, imports);
  std::string funcs;
  leb(funcs, 1);
  funcs.push_back(0x00);
  section(m, 3, funcs);
  section(m, 7, export_start(count));
  std::string code;
  leb(code, 1);
  code += std::string("\x02\x00\x0b", 3);
  section(m, 10, code);
  return m;
}

// _start calls a function with `count` i64 locals that reads the last one:
// declared as one run (count x i64) or as `count` runs of one each.
inline std::string module_with_locals(uint32_t count, bool one_declaration) {
  std::string m = header();
  section(m, 1, two_types());
  std::string funcs;
  leb(funcs, 2);
  funcs.push_back(0x00);
  funcs.push_back(0x00);
  section(m, 3, funcs);
  section(m, 7, export_start(0));
  std::string start_body = std::string("\x00\x10\x01\x0b", 4);  // no locals; call 1; end
  std::string body;
  if (one_declaration) {
    leb(body, 1);
    leb(body, count);
    body.push_back(0x7e);
  } else {
    leb(body, count);
    for (uint32_t i = 0; i < count; ++i) body += std::string("\x01\x7e", 2);
  }
  body.push_back(0x20);  // local.get count-1
  leb(body, count - 1);
  body.push_back(0x1a);  // drop
  body.push_back(0x0b);
  std::string code;
  leb(code, 2);
  leb(code, start_body.size());
  code += start_body;
  leb(code, body.size());
  code += body;
  section(m, 10, code);
  return m;
}

}  // namespace wisp::faas::hostile::wasm
