#include "spectest/suite.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

#include "spectest/isolate.h"
#include "spectest/report.h"
#include "spectest/xfail.h"

namespace wisp::spectest {
namespace {

namespace fs = std::filesystem;

// The report seen as the sink of one file's outcomes.
class ReportSink final : public OutcomeSink {
 public:
  explicit ReportSink(Report& report) : report_(report) {}
  void begin(uint32_t, std::string_view) override {}
  void record(const Outcome& outcome) override { report_.record(outcome); }

 private:
  Report& report_;
};

std::string match_path_of(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  return (ec ? path : absolute).lexically_normal().generic_string();
}

void collect_folder(const fs::path& folder, std::vector<SuiteFile>& out) {
  std::vector<SuiteFile> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".json") continue;
    found.push_back(
        {it->path(), it->path().lexically_relative(folder).generic_string(), match_path_of(it->path()), {}});
  }
  if (ec) {
    out.push_back(
        {folder, folder.generic_string(), match_path_of(folder), "cannot list folder: " + ec.message()});
    return;
  }
  if (found.empty()) {
    out.push_back(
        {folder, folder.generic_string(), match_path_of(folder), "no .json command files in folder"});
    return;
  }
  std::sort(found.begin(), found.end(),
            [](const SuiteFile& a, const SuiteFile& b) { return a.display < b.display; });
  for (SuiteFile& file : found) out.push_back(std::move(file));
}

}  // namespace

std::vector<SuiteFile> collect_command_files(std::span<const fs::path> paths) {
  std::vector<SuiteFile> out;
  for (const fs::path& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      collect_folder(path, out);
    } else if (fs::is_regular_file(path, ec)) {
      out.push_back({path, path.generic_string(), match_path_of(path), {}});
    } else {
      out.push_back({path, path.generic_string(), match_path_of(path), "no such file or folder"});
    }
  }
  return out;
}

void run_one_file(const fs::path& json, const FileRunner& runner, OutcomeSink& sink) {
  std::ifstream in(json, std::ios::binary);
  if (!in) {
    sink.record({0, "file", Status::Failed, "cannot read " + json.string()});
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto file = parse_command_file(text.str());
  if (!file) {
    sink.record({0, "file", Status::Failed, file.error()});
    return;
  }
  runner(*file, json.parent_path(), sink);
}

int run_suite(const SuiteOptions& options, const FileRunner& runner, std::ostream& out) {
  std::optional<XfailList> xfail;
  if (options.xfail_file) {
    auto loaded = XfailList::load(*options.xfail_file);
    if (!loaded) {
      out << "error: " << loaded.error() << "\n";
      return 1;
    }
    xfail = std::move(*loaded);
  }

  Report report(out, xfail ? &*xfail : nullptr, options.verbose);
  ReportSink sink(report);
  // A command may legitimately run until its deadline; only silence well
  // beyond that means the engine hangs outside guest code.
  const auto silence_limit = options.action_timeout * 3 + std::chrono::seconds(30);

  for (const SuiteFile& file : collect_command_files(options.paths)) {
    report.begin_file(file.display, file.match_path);
    if (!file.problem.empty()) {
      sink.record({0, "path", Status::Failed, file.problem});
    } else if (options.isolate) {
      run_isolated([&](OutcomeSink& child_sink) { run_one_file(file.path, runner, child_sink); },
                   silence_limit, sink);
    } else {
      run_one_file(file.path, runner, sink);
    }
    report.end_file();
    out.flush();
  }
  return report.finish();
}

}  // namespace wisp::spectest
