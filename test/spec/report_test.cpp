#include "spectest/report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace wisp::spectest {
namespace {

Outcome passed(uint32_t line) { return {line, "assert_return", Status::Passed, {}}; }
Outcome failed(uint32_t line, std::string reason) {
  return {line, "assert_return", Status::Failed, std::move(reason)};
}
Outcome skipped(uint32_t line) {
  return {line, "assert_malformed", Status::Skipped, "text-format module x.wat"};
}

// The report's last line, without its newline.
std::string last_line(const std::string& text) {
  std::string trimmed = text.substr(0, text.size() - 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

TEST(Report, CountsAndPrintsFailures) {
  std::ostringstream out;
  Report report(out, nullptr, /*verbose=*/false);
  report.begin_file("i32/i32.json", "/s/i32/i32.json");
  report.record(passed(1));
  report.record(failed(5, "expected (i32:1), got (i32:2)"));
  report.record(skipped(9));
  report.end_file();
  EXPECT_EQ(report.finish(), 1);
  EXPECT_EQ(out.str(),
            "FAIL i32/i32.json:5 assert_return: expected (i32:1), got (i32:2)\n"
            "0 xfail\n"
            "1 passed, 1 failed, 1 skipped\n");
}

TEST(Report, NothingFailedExitsZero) {
  std::ostringstream out;
  Report report(out, nullptr, false);
  report.begin_file("a.json", "/a.json");
  report.record(passed(1));
  report.record(skipped(2));
  report.end_file();
  EXPECT_EQ(report.finish(), 0);
  EXPECT_EQ(last_line(out.str()), "1 passed, 0 failed, 1 skipped");
}

TEST(Report, ListedFailureIsXfailNotFailure) {
  auto list = XfailList::parse("f/f.json:5 # known\n");
  ASSERT_TRUE(list);
  std::ostringstream out;
  Report report(out, &*list, false);
  report.begin_file("f/f.json", "/s/f/f.json");
  report.record(passed(1));
  report.record(failed(5, "boom"));
  report.end_file();
  EXPECT_EQ(report.finish(), 0);
  EXPECT_EQ(report.totals().xfailed, 1u);
  EXPECT_EQ(report.totals().failed, 0u);
  EXPECT_EQ(out.str(), "1 xfail\n1 passed, 0 failed, 0 skipped\n");
}

TEST(Report, ListedTestThatPassesFailsTheRun) {
  auto list = XfailList::parse("f/f.json:5 # known\n");
  ASSERT_TRUE(list);
  std::ostringstream out;
  Report report(out, &*list, false);
  report.begin_file("f/f.json", "/s/f/f.json");
  report.record(passed(5));
  report.end_file();
  EXPECT_EQ(report.finish(), 1);
  EXPECT_NE(out.str().find("FAIL f/f.json:5 assert_return: unexpectedly passed"), std::string::npos);
  EXPECT_EQ(last_line(out.str()), "0 passed, 1 failed, 0 skipped");
}

TEST(Report, ListedLineWithoutCommandFails) {
  auto list = XfailList::parse("f/f.json:77\n");
  ASSERT_TRUE(list);
  std::ostringstream out;
  Report report(out, &*list, false);
  report.begin_file("f/f.json", "/s/f/f.json");
  report.record(passed(1));
  report.end_file();
  // A file that was not run cannot make its entries stale.
  report.begin_file("g/g.json", "/s/g/g.json");
  report.end_file();
  EXPECT_EQ(report.finish(), 1);
  EXPECT_NE(out.str().find("FAIL f/f.json:77 xfail:"), std::string::npos);
  EXPECT_EQ(last_line(out.str()), "1 passed, 1 failed, 0 skipped");
}

TEST(Report, VerbosePrintsSkipsXfailsAndFileTallies) {
  auto list = XfailList::parse("f/f.json:3\n");
  ASSERT_TRUE(list);
  std::ostringstream out;
  Report report(out, &*list, /*verbose=*/true);
  report.begin_file("f/f.json", "/s/f/f.json");
  report.record(skipped(2));
  report.record(failed(3, "known bad"));
  report.end_file();
  EXPECT_EQ(report.finish(), 0);
  EXPECT_EQ(out.str(),
            "SKIP f/f.json:2 assert_malformed: text-format module x.wat\n"
            "XFAIL f/f.json:3 assert_return: known bad\n"
            "file f/f.json: 0 passed, 0 failed, 1 skipped, 1 xfail\n"
            "1 xfail\n"
            "0 passed, 0 failed, 1 skipped\n");
}

}  // namespace
}  // namespace wisp::spectest
