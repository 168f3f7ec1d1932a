// Tallies command outcomes, applies the expected-failure list and prints:
// one line per failure (file, line, command, reason), and at the end a line
// `N xfail` followed by exactly `N passed, N failed, N skipped`.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <set>
#include <string>

#include "spectest/outcome.h"
#include "spectest/xfail.h"

namespace wisp::spectest {

struct Tally {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
  uint64_t xfailed = 0;  // listed in the xfail list and failed as expected
};

class Report {
 public:
  // `xfail` may be null (no list); it must outlive the Report.
  Report(std::ostream& out, const XfailList* xfail, bool verbose);

  // Starts a command file. `display` names it in messages (relative to the
  // folder that was run); `match_path` is its full '/'-separated path, which
  // the xfail list is matched against.
  void begin_file(std::string display, std::string match_path);
  void record(const Outcome& outcome);
  // Ends the file: listed lines that matched no command fail (stale entries
  // would otherwise hide nothing and rot). Verbose mode prints the file's tally.
  void end_file();

  // Prints the closing lines; returns 0 when nothing failed, 1 otherwise.
  int finish();

  const Tally& totals() const { return totals_; }

 private:
  void fail(uint32_t line, std::string_view command, std::string_view reason);

  std::ostream& out_;
  const XfailList* xfail_;
  bool verbose_;

  std::string display_;
  std::map<uint32_t, const XfailEntry*> file_xfail_;
  std::set<uint32_t> file_lines_seen_;
  Tally file_tally_;
  Tally totals_;
};

}  // namespace wisp::spectest
