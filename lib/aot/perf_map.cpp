#include "aot/perf_map.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace wisp::aot {

namespace {

// perf splits a line at the first two spaces and takes the rest as the name;
// a name with a newline in it would start a bogus line.
void append_name(std::string& out, std::string_view name) {
  for (char c : name) out += (c == '\n' || c == '\r') ? '?' : c;
}

}  // namespace

std::string perf_map_lines(const LoadedCode& code, const ast::Names& names) {
  std::string out;
  const std::string prefix = names.module ? "wasm[" + *names.module + "]::" : "wasm::";
  for (const LoadedCode::Symbol& symbol : code.symbols()) {
    char head[48];
    std::snprintf(head, sizeof head, "%zx %zx ", static_cast<size_t>(symbol.address), symbol.size);
    out += head;
    auto named = names.functions.find(symbol.func_index);
    std::string name = prefix;
    if (named != names.functions.end())
      name += named->second;
    else
      name += "function[" + std::to_string(symbol.func_index) + "]";
    if (symbol.array_entry) name += " (array entry)";
    append_name(out, name);
    out += '\n';
  }
  return out;
}

Expected<void> append_perf_map(const LoadedCode& code, const ast::Names& names) {
  const std::string lines = perf_map_lines(code, names);
  const std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return make_error(ErrorCode::IoError, "cannot open " + path + ": " + std::strerror(errno));
  const ssize_t written = write(fd, lines.data(), lines.size());
  const int write_errno = errno;
  close(fd);
  if (written != static_cast<ssize_t>(lines.size()))
    return make_error(ErrorCode::IoError, "cannot write " + path + ": " +
                                              (written < 0 ? std::strerror(write_errno) : "short write"));
  return {};
}

}  // namespace wisp::aot
