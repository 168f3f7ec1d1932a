// What a new user does: `wisp new TEMPLATE demo` in an empty folder, build it
// with the generated build script, `wisp up`, then HTTP. Also `wisp up` on
// the example manifest of docs/manifest.md (every field, checked over HTTP
// and the admin API), `wisp up --serve`, and `wisp up`'s failures.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

namespace fs = std::filesystem;
using faas::testing::TempDir;

class NewUpTest : public ServeTest {
 protected:
  // `wisp new TEMPLATE DIR/demo` then the project's build.sh.
  fs::path new_project(const std::string& template_name, const std::string& name = "demo") {
    fs::path project = work_.path() / name;
    auto created = run_wisp({"new", template_name, project.string()});
    EXPECT_EQ(created.exit_code, 0) << created.output;
    auto built = run_program({(project / "build.sh").string()}, project);
    EXPECT_EQ(built.exit_code, 0) << built.output;
    EXPECT_TRUE(fs::exists(project / "build" / (name + ".wasm"))) << built.output;
    return project;
  }
  faas::testing::RawResponse post(const std::string& target, const std::string& body,
                                  const std::string& headers = {}) {
    return request("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
                   "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  nlohmann::json function_info(const std::string& name) {
    auto r = get("/_wisp/functions/" + name);
    return nlohmann::json::parse(r.body, nullptr, false);
  }

  TempDir work_{"new-up"};
};

TEST_F(NewUpTest, CHttpTemplateBuildsDeploysAndAnswers) {
  fs::path project = new_project("c-http");
  if (HasFailure()) return;
  auto up = wisp({"up", "-f", (project / "wisp.toml").string()});
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_NE(up.output.find("deployed demo version 1 -> " + server_->url() + "/demo/"), std::string::npos)
      << up.output;
  EXPECT_EQ(up.output.find("building"), std::string::npos) << "the module was fresh: " << up.output;

  auto index = get("/demo/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, "hello from demo\n");
  auto hello = get("/demo/hello/ada%20%22l%22");
  EXPECT_EQ(hello.status, 200);
  EXPECT_EQ(hello.body, R"({"greeting":"hello, ada \"l\""})");
  EXPECT_EQ(post("/demo/echo", "round trip").body, "round trip");
  EXPECT_EQ(function_info("demo")["versions"][0]["config"]["abi"], "http");
}

TEST_F(NewUpTest, CStdioTemplateBuildsDeploysAndRebuildsWhenASourceChanges) {
  fs::path project = new_project("c-stdio");
  if (HasFailure()) return;
  auto up = wisp({"up", "-f", (project / "wisp.toml").string()});
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_EQ(get("/demo/").body, "hello from demo\n");
  EXPECT_EQ(get("/demo/?name=ada").body, "hello, ada\n");
  EXPECT_EQ(post("/demo/", "body back").body, "body back");

  // An edited source is newer than the module: `wisp up` runs the build first.
  fs::path source = project / "src/main.c";
  std::ifstream in(source);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  in.close();
  ASSERT_NE(text.find("hello from demo"), std::string::npos);
  for (auto at = text.find("hello from demo"); at != std::string::npos; at = text.find("hello from demo"))
    text.replace(at, 15, "howdy from demo");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a later mtime than the module's
  std::ofstream(source, std::ios::trunc) << text;
  auto again = wisp({"up", "-f", (project / "wisp.toml").string()});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("building demo (a source is newer than the module)"), std::string::npos)
      << again.output;
  EXPECT_NE(again.output.find("deployed demo version 2"), std::string::npos) << again.output;
  EXPECT_EQ(get("/demo/").body, "howdy from demo\n");
}

// The example of docs/manifest.md (test/manifest/example; the docs_manifest_example
// test keeps the page and the file identical): every setting reaches the server.
TEST_F(NewUpTest, DocumentedExampleManifestDeploysWithEverySetting) {
  fs::copy(fs::path(WISP_SOURCE_DIR) / "test/manifest/example", work_.path() / "app",
           fs::copy_options::recursive);
  auto up = wisp({"up", "-f", (work_.path() / "app/wisp.toml").string()});
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_NE(up.output.find("building hello (the module does not exist yet)"), std::string::npos) << up.output;
  EXPECT_NE(up.output.find("deployed echo version 1 -> " + server_->url() + "/api/echo/"), std::string::npos)
      << up.output;

  EXPECT_EQ(get("/hello").body, "hello from the manifest\n") << "env reached the guest";
  EXPECT_EQ(post("/api/echo", "ping").body, "ping") << "served under its route";
  EXPECT_EQ(post("/api/echo", std::string(5000, 'x')).status, 413) << "max_body = 4KiB";
  auto preflight = request(
      "OPTIONS /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app.example\r\n"
      "Access-Control-Request-Method: POST\r\n\r\n");
  EXPECT_EQ(preflight.status, 204);
  EXPECT_EQ(preflight.header("Access-Control-Allow-Origin"), "https://app.example");

  auto hello = function_info("hello");
  const auto& config = hello["versions"][0]["config"];
  EXPECT_EQ(config["memory_bytes"], 16u << 20);
  EXPECT_EQ(config["timeout_ms"], 5000);
  EXPECT_EQ(config["max_concurrency"], 4);
  EXPECT_EQ(config["max_queue"], 16);
  auto echo = function_info("echo");
  EXPECT_EQ(echo["aliases"]["stable"], 1);
  EXPECT_EQ(echo["versions"][0]["config"]["max_output_bytes"], 8192);
  EXPECT_EQ(echo["versions"][0]["config"]["abi"], "stdio");

  // `wisp up NAME` deploys only that function.
  auto one = wisp({"up", "-f", (work_.path() / "app/wisp.toml").string(), "echo"});
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_EQ(function_info("echo")["versions"].size(), 2u);
  EXPECT_EQ(function_info("hello")["versions"].size(), 1u);
}

TEST_F(NewUpTest, FailuresSayWhatAndWhere) {
  fs::path bad = work_.path() / "bad.toml";
  std::ofstream(bad) << "[functions.a]\nmodule = \"a.wasm\"\nmemory = \"lots\"\n";
  auto r = wisp({"up", "-f", bad.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find(bad.string() + ":3:10: functions.a.memory: invalid size 'lots'"), std::string::npos)
      << r.output;

  fs::path missing = work_.path() / "missing.toml";
  std::ofstream(missing) << "[functions.a]\nmodule = \"nowhere.wasm\"\n";
  r = wisp({"up", "-f", missing.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("module " + (work_.path() / "nowhere.wasm").string() + " does not exist"),
            std::string::npos)
      << r.output;

  fs::path failing = work_.path() / "failing.toml";
  std::ofstream(failing) << "[functions.a]\nmodule = \"a.wasm\"\nbuild = \"echo broken >&2; exit 3\"\n";
  r = wisp({"up", "-f", failing.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("broken"), std::string::npos) << "the build's own output is shown: " << r.output;
  EXPECT_NE(r.output.find("the build of a failed (exit 3)"), std::string::npos) << r.output;

  fs::path invalid = work_.path() / "invalid.toml";
  std::ofstream(work_.path() / "junk.wasm") << "not wasm";
  std::ofstream(invalid) << "[functions.junk]\nmodule = \"junk.wasm\"\n";
  r = wisp({"up", "-f", invalid.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("wisp up: junk: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("magic"), std::string::npos) << "the validator's message: " << r.output;

  // Nothing listens on port 1: the message says how to get a server.
  fs::path ok = work_.path() / "ok.toml";
  fs::copy_file(guest("hello"), work_.path() / "hello.wasm");
  std::ofstream(ok) << "[functions.hello]\nmodule = \"hello.wasm\"\n";
  r = run_wisp({"up", "-f", ok.string(), "--server", "http://127.0.0.1:1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("no wisp server answers at http://127.0.0.1:1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("wisp up --serve"), std::string::npos) << r.output;
}

// --serve with no server at --server: this process serves, deploys into itself,
// keeps serving until SIGTERM, then exits 0 like `wisp serve`.
TEST(UpServe, StartsAServerInTheForegroundAndDeploysIntoIt) {
  TempDir work("up-serve");
  fs::copy_file(guest("hello"), work.path() / "hello.wasm");
  std::ofstream(work.path() / "wisp.toml") << "[functions.hello]\nmodule = \"hello.wasm\"\n";
  auto up = ServeProcess::start({"up", "--serve", "--server", "http://127.0.0.1:1", "--listen", "127.0.0.1:0",
                                 "--data", (work.path() / "data").string()},
                                work.path());
  ASSERT_NE(up->port(), 0) << up->output();
  std::string body;
  for (int i = 0; i < 200 && body != "hello from wasm\n"; ++i) {
    faas::testing::RawConnection c(up->port());
    c.send(faas::testing::get("/hello"));
    body = c.read_response().value_or(faas::testing::RawResponse{}).body;
    if (body != "hello from wasm\n") std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  EXPECT_EQ(body, "hello from wasm\n") << up->output();
  // The function answers as soon as the deploy committed, a moment before
  // `wisp up` prints that it did.
  for (int i = 0; i < 200 && up->output().find("deployed hello version 1") == std::string::npos; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  EXPECT_NE(up->output().find("deployed hello version 1"), std::string::npos) << up->output();
  EXPECT_EQ(up->terminate(), 0) << up->output();
  EXPECT_TRUE(fs::exists(work.path() / "data/registry.db")) << "the data directory is a real one";
}

}  // namespace
}  // namespace wisp::faas::e2e
