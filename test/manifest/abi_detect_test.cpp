// detect_abi reads a module's exports with the engine's decoder; bad bytes give nothing.
#include "manifest/abi_detect.h"

#include <gtest/gtest.h>

#include <string>

namespace wisp::manifest {
namespace {

// A module with one function type and function, exported under `names`.
std::string module_exporting(std::initializer_list<std::string> names, uint8_t kind = 0) {
  std::string m("\0asm\1\0\0\0", 8);
  m += std::string("\x01\x04\x01\x60\x00\x00", 6);  // type section: () -> ()
  m += std::string("\x03\x02\x01\x00", 4);          // function section: one function of type 0
  std::string exports(1, static_cast<char>(names.size()));
  for (const auto& n : names) {
    exports += static_cast<char>(n.size());
    exports += n;
    exports += static_cast<char>(kind);
    exports += '\0';
  }
  m += '\x07';
  m += static_cast<char>(exports.size());
  m += exports;
  m += std::string("\x0a\x04\x01\x02\x00\x0b", 6);  // code section: an empty body
  return m;
}

TEST(DetectAbi, WispHandleMeansHttp) {
  EXPECT_EQ(detect_abi(module_exporting({"wisp_handle"})), faas::Abi::Http);
  EXPECT_EQ(detect_abi(module_exporting({"_start", "wisp_handle"})), faas::Abi::Http);
}

TEST(DetectAbi, StartMeansStdio) { EXPECT_EQ(detect_abi(module_exporting({"_start"})), faas::Abi::Stdio); }

TEST(DetectAbi, NeitherEntryPointOrNotAFunction) {
  EXPECT_EQ(detect_abi(module_exporting({"main"})), std::nullopt);
  EXPECT_EQ(detect_abi(module_exporting({"wisp_handle"}, /*memory*/ 2)), std::nullopt);
}

TEST(DetectAbi, MalformedInputIsNothingNeverACrash) {
  EXPECT_EQ(detect_abi(""), std::nullopt);
  EXPECT_EQ(detect_abi("not a module at all"), std::nullopt);
  std::string good = module_exporting({"wisp_handle"});
  for (size_t cut = 0; cut < good.size(); ++cut) detect_abi(good.substr(0, cut));  // any prefix
  // A section that claims 4 GiB, an export count far beyond the bytes left.
  EXPECT_EQ(detect_abi(std::string("\0asm\1\0\0\0\x07\xff\xff\xff\xff\x0f", 14)), std::nullopt);
  EXPECT_EQ(detect_abi(std::string("\0asm\1\0\0\0\x07\x05\xff\xff\xff\xff\x0f", 15)), std::nullopt);
}

}  // namespace
}  // namespace wisp::manifest
