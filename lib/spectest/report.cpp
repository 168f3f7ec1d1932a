#include "spectest/report.h"

namespace wisp::spectest {
namespace {

void add(Tally& into, const Tally& from) {
  into.passed += from.passed;
  into.failed += from.failed;
  into.skipped += from.skipped;
  into.xfailed += from.xfailed;
}

}  // namespace

Report::Report(std::ostream& out, const XfailList* xfail, bool verbose)
    : out_(out), xfail_(xfail), verbose_(verbose) {}

void Report::begin_file(std::string display, std::string match_path) {
  display_ = std::move(display);
  file_xfail_.clear();
  file_lines_seen_.clear();
  file_tally_ = {};
  if (!xfail_) return;
  for (const XfailEntry* entry : xfail_->entries_for(match_path)) file_xfail_.emplace(entry->line, entry);
}

void Report::fail(uint32_t line, std::string_view command, std::string_view reason) {
  ++file_tally_.failed;
  out_ << "FAIL " << display_ << ":" << line << " " << command << ": " << reason << "\n";
}

void Report::record(const Outcome& outcome) {
  file_lines_seen_.insert(outcome.line);
  auto listed = file_xfail_.find(outcome.line);
  const XfailEntry* entry = listed == file_xfail_.end() ? nullptr : listed->second;

  switch (outcome.status) {
    case Status::Passed:
      if (entry) {
        fail(outcome.line, outcome.command,
             "unexpectedly passed: listed as an expected failure (" + entry->reason +
                 "); remove it from the list");
        return;
      }
      ++file_tally_.passed;
      return;
    case Status::Skipped:
      ++file_tally_.skipped;
      if (verbose_)
        out_ << "SKIP " << display_ << ":" << outcome.line << " " << outcome.command << ": " << outcome.reason
             << "\n";
      return;
    case Status::Failed:
      if (entry) {
        ++file_tally_.xfailed;
        if (verbose_)
          out_ << "XFAIL " << display_ << ":" << outcome.line << " " << outcome.command << ": "
               << outcome.reason << "\n";
        return;
      }
      fail(outcome.line, outcome.command, outcome.reason);
      return;
  }
}

void Report::end_file() {
  for (const auto& [line, entry] : file_xfail_) {
    if (file_lines_seen_.contains(line)) continue;
    fail(line, "xfail",
         "the expected-failure list names line " + std::to_string(line) + " (list line " +
             std::to_string(entry->list_line) + ") but no command ran there");
  }
  if (verbose_) {
    out_ << "file " << display_ << ": " << file_tally_.passed << " passed, " << file_tally_.failed
         << " failed, " << file_tally_.skipped << " skipped, " << file_tally_.xfailed << " xfail\n";
  }
  add(totals_, file_tally_);
  file_tally_ = {};
}

int Report::finish() {
  out_ << totals_.xfailed << " xfail\n";
  out_ << totals_.passed << " passed, " << totals_.failed << " failed, " << totals_.skipped << " skipped\n";
  out_.flush();
  return totals_.failed == 0 ? 0 : 1;
}

}  // namespace wisp::spectest
