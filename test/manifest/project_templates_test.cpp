// `wisp new`'s templates are compiled into the binary: each writes a complete
// project (placeholders filled, SDK vendored, build script executable) whose
// wisp.toml parses. Building and serving them is test/e2e/e2e_new_up_test.cpp.
#include "manifest/project_templates.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "manifest/manifest.h"
#include "temp_dir.h"

namespace wisp::manifest {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

class Templates : public ::testing::TestWithParam<std::string> {};

TEST_P(Templates, WriteAProjectWhoseManifestParses) {
  faas::testing::TempDir tmp("new");
  fs::path dir = tmp.path() / "my-fn";
  auto files = create_project(GetParam(), dir, "my-fn");
  ASSERT_TRUE(files) << files.error().message;
  EXPECT_NE(std::find(files->begin(), files->end(), "wisp.toml"), files->end());
  for (const auto& f : *files) {
    if (f.starts_with("wisp/") || f.starts_with("wisp-sdk/")) continue;  // the SDK, verbatim
    std::string text = slurp(dir / f);
    EXPECT_EQ(text.find("{{"), std::string::npos) << f << " has an unfilled placeholder";
  }
  struct stat st {};
  ASSERT_EQ(::stat((dir / "build.sh").c_str(), &st), 0);
  EXPECT_TRUE(st.st_mode & S_IXUSR) << "build.sh must be executable";

  auto m = load_manifest(dir / "wisp.toml");
  ASSERT_TRUE(m) << m.error().to_string();
  ASSERT_EQ(m->functions.size(), 1u);
  EXPECT_EQ(m->functions[0].name, "my-fn");
  EXPECT_EQ(m->functions[0].module, dir / "build/my-fn.wasm");
  EXPECT_EQ(m->functions[0].build, "./build.sh");
}

INSTANTIATE_TEST_SUITE_P(All, Templates, ::testing::Values("c-http", "c-stdio", "rust-http"));

TEST(TemplatesSdk, CopiesTheSdkVerbatim) {
  faas::testing::TempDir tmp("new");
  ASSERT_TRUE(create_project("c-http", tmp.path() / "c", "c"));
  EXPECT_EQ(slurp(tmp.path() / "c/wisp/wisp.h"), slurp(fs::path(WISP_SOURCE_DIR) / "sdk/c/wisp.h"));
  EXPECT_EQ(slurp(tmp.path() / "c/wisp/wisp.c"), slurp(fs::path(WISP_SOURCE_DIR) / "sdk/c/wisp.c"));
  ASSERT_TRUE(create_project("rust-http", tmp.path() / "r", "r-2"));
  EXPECT_EQ(slurp(tmp.path() / "r/wisp-sdk/src/lib.rs"),
            slurp(fs::path(WISP_SOURCE_DIR) / "sdk/rust/wisp_sdk/src/lib.rs"));
  EXPECT_NE(slurp(tmp.path() / "r/Cargo.toml").find("name = \"r_2\""), std::string::npos)
      << "a crate name is an identifier";
  EXPECT_FALSE(fs::exists(tmp.path() / "r/wisp-sdk/Cargo.lock"));
}

TEST(TemplatesErrors, RefuseUnknownNamesAndExistingFolders) {
  faas::testing::TempDir tmp("new");
  auto unknown = create_project("cobol-http", tmp.path() / "x", "x");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("c-http"), std::string::npos) << "lists the templates";
  auto bad_name = create_project("c-http", tmp.path() / "x", "Bad Name");
  ASSERT_FALSE(bad_name);
  EXPECT_NE(bad_name.error().message.find("invalid function name"), std::string::npos);
  fs::create_directories(tmp.path() / "taken");
  std::ofstream(tmp.path() / "taken/keep.txt") << "mine";
  auto taken = create_project("c-http", tmp.path() / "taken", "taken");
  ASSERT_FALSE(taken);
  EXPECT_EQ(slurp(tmp.path() / "taken/keep.txt"), "mine") << "nothing overwritten";
  EXPECT_FALSE(fs::exists(tmp.path() / "taken/wisp.toml"));
}

}  // namespace
}  // namespace wisp::manifest
