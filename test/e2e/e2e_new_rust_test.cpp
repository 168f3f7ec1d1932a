// `wisp new rust-http demo`, built by its build script with Debian's cargo
// (offline, the SDK vendored into the project), deployed with `wisp up`.
// One test, since a Rust build takes a while.
#include <filesystem>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

namespace fs = std::filesystem;

class NewRustTest : public ServeTest {};

TEST_F(NewRustTest, RustHttpTemplateBuildsDeploysAndAnswers) {
  faas::testing::TempDir work("new-rust");
  fs::path project = work.path() / "demo";
  auto created = run_wisp({"new", "rust-http", project.string()});
  ASSERT_EQ(created.exit_code, 0) << created.output;
  auto built = run_program({(project / "build.sh").string()}, project);
  ASSERT_EQ(built.exit_code, 0) << built.output;
  auto up = wisp({"up", "-f", (project / "wisp.toml").string()});
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_EQ(up.output.find("building"), std::string::npos) << "build.sh already built it: " << up.output;

  auto index = get("/demo/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "hello from demo\n");
  auto hello = get("/demo/hello/ada%20l");
  EXPECT_EQ(hello.status, 200);
  EXPECT_EQ(hello.body, R"({"greeting":"hello, ada l"})");
  auto echo = request("POST /demo/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nping");
  EXPECT_EQ(echo.body, "ping");
  EXPECT_EQ(get("/demo/nothing-here").status, 404);
}

}  // namespace
}  // namespace wisp::faas::e2e
