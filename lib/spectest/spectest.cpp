#include "spectest/spectest.h"

#include "spectest/runner.h"
#include "wisp/wisp.h"

namespace wisp::spectest {

int run_spectest(const SuiteOptions& options, std::ostream& out) {
  EngineConfig config;
  config.strategy = options.strategy;
  // Spec modules are tiny: one partition each, no cache (each file is fresh).
  config.compile_threads = 1;
  const Engine engine(config);
  const RunnerOptions runner_options{options.action_timeout};
  auto runner = [&](const CommandFile& file, const std::filesystem::path& dir, OutcomeSink& sink) {
    run_command_file(engine, file, dir, runner_options, sink);
  };
  return run_suite(options, runner, out);
}

}  // namespace wisp::spectest
