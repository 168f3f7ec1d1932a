// Shared helpers of the `wisp run` end-to-end tests.
#pragma once

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "subprocess.h"

namespace wisp::wasi::test {

inline std::string guest(const std::string& name) {
  return std::string(WISP_GUEST_DIR) + "/" + name + ".wasm";
}

// `wisp run ARGS...`
inline ProcessResult wisp_run(std::vector<std::string> args, const std::string& stdin_data = {},
                              std::chrono::seconds timeout = std::chrono::seconds(60)) {
  args.insert(args.begin(), {WISP_BINARY, "run"});
  return run_process(args, stdin_data, timeout);
}

// Every "key=value" on the output (several per line allowed, space separated).
inline std::map<std::string, std::string> key_values(const std::string& out) {
  std::map<std::string, std::string> kv;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string word, prefix;
    // "name=1 errno=0": later keys are qualified by the first ("name.errno");
    // "stdin rc=0 n=1": a leading bare word qualifies every key ("stdin.rc").
    bool first = true;
    while (words >> word) {
      size_t eq = word.find('=');
      if (eq == std::string::npos) {
        if (first) prefix = word;
        first = false;
        continue;
      }
      std::string key = word.substr(0, eq);
      if (first) {
        prefix = key;
        kv[key] = word.substr(eq + 1);
      } else {
        kv[prefix + "." + key] = word.substr(eq + 1);
      }
      first = false;
    }
  }
  return kv;
}

// Lines of stdout that equal `line`, to check whole-line output.
inline bool has_line(const std::string& out, const std::string& line) {
  std::istringstream lines(out);
  std::string l;
  while (std::getline(lines, l))
    if (l == line) return true;
  return false;
}

}  // namespace wisp::wasi::test
