// The expected-failure list: one `relative/file.json:LINE` per line, an
// optional `# reason` after it, blank lines and whole-line comments allowed.
// An entry matches a command file whose path ends with the entry's path at a
// folder boundary, so the list works whether one runs a folder or one file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "wisp/error.h"

namespace wisp::spectest {

struct XfailEntry {
  std::string path;  // e.g. "address/address.json", '/'-separated
  uint32_t line = 0;
  std::string reason;
  uint32_t list_line = 0;  // where the entry is in the list file, for messages
};

class XfailList {
 public:
  static Expected<XfailList, std::string> parse(std::string_view text);
  static Expected<XfailList, std::string> load(const std::filesystem::path& file);

  // The entry for command `line` of the command file at `file_path`, if listed.
  const XfailEntry* find(std::string_view file_path, uint32_t line) const;
  // Entries naming the file at `file_path` (any line).
  std::vector<const XfailEntry*> entries_for(std::string_view file_path) const;
  const std::vector<XfailEntry>& entries() const { return entries_; }

 private:
  std::vector<XfailEntry> entries_;
};

// Whether `entry_path` names `file_path`: equal, or a suffix after a '/'.
bool xfail_path_matches(std::string_view entry_path, std::string_view file_path);

}  // namespace wisp::spectest
