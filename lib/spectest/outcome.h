// The result of one command, and the interface commands report through.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wisp::spectest {

enum class Status : uint8_t { Passed, Failed, Skipped };

struct Outcome {
  uint32_t line = 0;
  std::string command;  // the command's type name, e.g. "assert_return"
  Status status = Status::Passed;
  std::string reason;  // why it failed or was skipped; empty when it passed
};

// Receives the commands of one file as they run. `begin` comes before a
// command executes, so a crash can be blamed on the command that caused it.
class OutcomeSink {
 public:
  virtual ~OutcomeSink() = default;
  virtual void begin(uint32_t line, std::string_view command) = 0;
  virtual void record(const Outcome& outcome) = 0;
};

}  // namespace wisp::spectest
