// wisp.toml parsing: every field of a valid manifest, and for every kind of
// mistake an error that names the file, the line (and column) and the field.
#include "manifest/manifest.h"

#include <gtest/gtest.h>

#include "faas/core/http_message.h"

namespace wisp::manifest {
namespace {

using namespace std::chrono_literals;

Manifest parse_ok(const std::string& text) {
  auto m = parse_manifest(text, "app/wisp.toml");
  EXPECT_TRUE(m) << (m ? "" : m.error().to_string());
  return m ? *m : Manifest{};
}

ManifestError parse_error(const std::string& text) {
  auto m = parse_manifest(text, "app/wisp.toml");
  EXPECT_FALSE(m) << "accepted:\n" << text;
  return m ? ManifestError{} : m.error();
}

// Asserts the error's place and field, and that the message mentions `words`.
void expect_error(const std::string& text, uint32_t line, const std::string& field,
                  const std::string& words) {
  SCOPED_TRACE(text);
  ManifestError e = parse_error(text);
  EXPECT_EQ(e.file, "app/wisp.toml");
  EXPECT_EQ(e.line, line) << e.to_string();
  EXPECT_EQ(e.field, field) << e.to_string();
  EXPECT_NE(e.message.find(words), std::string::npos) << e.to_string();
  std::string shown = e.to_string();
  EXPECT_TRUE(shown.starts_with("app/wisp.toml:" + std::to_string(line) + ":")) << shown;
  if (!field.empty()) {
    EXPECT_NE(shown.find(": " + field + ": "), std::string::npos) << shown;
  }
}

TEST(Manifest, EveryFieldIsRead) {
  Manifest m = parse_ok(R"(
[functions.api]
module = "build/api.wasm"
build = "./build.sh --release"
sources = ["src", "build.sh"]
abi = "http"
route = "/api/v1"
memory = "64MiB"
timeout = "2500ms"
max_body = "1MiB"
max_output = 65536
max_concurrency = 3
max_queue = 10
aliases = ["prod", "canary"]
env = { GREETING = "hi", MODE = "test" }

[functions.api.allow]
cors = ["https://app.example", "http://localhost:3000"]
)");
  ASSERT_EQ(m.functions.size(), 1u);
  const FunctionSpec& f = m.functions[0];
  EXPECT_EQ(f.name, "api");
  EXPECT_EQ(f.module, std::filesystem::path("app/build/api.wasm")) << "relative to the manifest's folder";
  EXPECT_EQ(f.build, "./build.sh --release");
  ASSERT_EQ(f.sources.size(), 2u);
  EXPECT_EQ(f.sources[0], std::filesystem::path("app/src"));
  EXPECT_EQ(f.config.abi, faas::Abi::Http);
  EXPECT_EQ(f.config.route, "/api/v1");
  EXPECT_EQ(f.config.memory_bytes, 64ull << 20);
  EXPECT_EQ(f.config.timeout, 2500ms);
  EXPECT_EQ(f.config.max_body_bytes, 1ull << 20);
  EXPECT_EQ(f.config.max_output_bytes, 65536u);
  EXPECT_EQ(f.config.max_concurrency, 3u);
  EXPECT_EQ(f.config.max_queue, 10u);
  EXPECT_EQ(f.aliases, (std::vector<std::string>{"prod", "canary"}));
  ASSERT_EQ(f.config.env.size(), 2u);
  EXPECT_EQ(f.config.cors_origins,
            (std::vector<std::string>{"https://app.example", "http://localhost:3000"}));
  EXPECT_EQ(f.line, 2u);
}

TEST(Manifest, DefaultsAreTheServersDefaults) {
  Manifest m = parse_ok("[functions.hello]\nmodule = \"hello.wasm\"\n");
  ASSERT_EQ(m.functions.size(), 1u);
  const auto& c = m.functions[0].config;
  faas::FunctionConfig defaults;
  EXPECT_EQ(c.abi, faas::Abi::Stdio);
  EXPECT_EQ(c.memory_bytes, defaults.memory_bytes);
  EXPECT_EQ(c.timeout, defaults.timeout);
  EXPECT_EQ(c.max_concurrency, defaults.max_concurrency);
  EXPECT_TRUE(m.functions[0].build.empty());
  EXPECT_EQ(m.functions[0].module, std::filesystem::path("app/hello.wasm"));
}

TEST(Manifest, FunctionsKeepTheFileOrder) {
  Manifest m = parse_ok(R"(
[functions.zeta]
module = "z.wasm"
[functions.alpha]
module = "a.wasm"
[functions.mid]
module = "m.wasm"
)");
  ASSERT_EQ(m.functions.size(), 3u);
  EXPECT_EQ(m.functions[0].name, "zeta");
  EXPECT_EQ(m.functions[1].name, "alpha");
  EXPECT_EQ(m.functions[2].name, "mid");
}

TEST(Manifest, NumbersAreBytesAndSeconds) {
  Manifest m = parse_ok("[functions.f]\nmodule = \"f.wasm\"\nmemory = 1048576\ntimeout = 3\n");
  EXPECT_EQ(m.functions[0].config.memory_bytes, 1048576u);
  EXPECT_EQ(m.functions[0].config.timeout, 3000ms);
}

TEST(Manifest, AbsoluteModulePathsStayAbsolute) {
  Manifest m = parse_ok("[functions.f]\nmodule = \"/srv/f.wasm\"\n");
  EXPECT_EQ(m.functions[0].module, std::filesystem::path("/srv/f.wasm"));
}

TEST(ManifestErrors, SyntaxErrorsNameTheLine) {
  ManifestError e = parse_error("[functions.a]\nmodule = \"a.wasm\"\nmemory = \"64MiB\n");
  EXPECT_EQ(e.line, 3u) << e.to_string();
  EXPECT_TRUE(e.field.empty());
  EXPECT_TRUE(e.to_string().starts_with("app/wisp.toml:3:")) << e.to_string();
}

TEST(ManifestErrors, DuplicateFunctionIsASyntaxError) {
  ManifestError e = parse_error("[functions.a]\nmodule = \"a.wasm\"\n\n[functions.a]\nmodule = \"b.wasm\"\n");
  EXPECT_EQ(e.line, 4u) << e.to_string();
}

TEST(ManifestErrors, MissingAndEmpty) {
  expect_error("", 1, "functions", "no functions");
  expect_error("# only a comment\n", 1, "functions", "no functions");
  expect_error("[functions.a]\nabi = \"http\"\n", 1, "functions.a.module", "missing field 'module'");
  expect_error("[functions.a]\nmodule = \"\"\n", 2, "functions.a.module", "must not be empty");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nbuild = \"\"\n", 3, "functions.a.build",
               "must not be empty");
}

TEST(ManifestErrors, UnknownFieldsAreRefusedWithASuggestion) {
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmemroy = \"1MiB\"\n", 3, "functions.a.memroy",
               "did you mean 'memory'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\ncolour = 1\n", 3, "functions.a.colour", "unknown field");
  expect_error("name = \"app\"\n[functions.a]\nmodule = \"a.wasm\"\n", 1, "name", "unknown field 'name'");
  expect_error("[function.a]\nmodule = \"a.wasm\"\n", 1, "function", "did you mean 'functions'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\n[functions.a.allow]\ncrs = [\"*\"]\n", 4,
               "functions.a.allow.crs", "did you mean 'cors'");
}

TEST(ManifestErrors, WrongTypesNameWhatWasExpected) {
  expect_error("[functions.a]\nmodule = 42\n", 2, "functions.a.module", "expected a string, found integer");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmemory = true\n", 3, "functions.a.memory",
               "expected a size");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\ntimeout = [1]\n", 3, "functions.a.timeout",
               "expected a duration");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmax_concurrency = \"8\"\n", 3,
               "functions.a.max_concurrency", "expected a whole number");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\naliases = \"prod\"\n", 3, "functions.a.aliases",
               "expected an array of strings");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nsources = [\"src\", 3]\nbuild = \"make\"\n", 3,
               "functions.a.sources[1]", "expected a string");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nenv = \"A=1\"\n", 3, "functions.a.env",
               "expected a table");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nenv = { A = 1 }\n", 3, "functions.a.env.A",
               "expected a string");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nallow = [\"cors\"]\n", 3, "functions.a.allow",
               "expected a table");
  expect_error("functions = [1]\n", 1, "functions", "expected tables");
  expect_error("[functions]\na = \"a.wasm\"\n", 2, "functions.a", "expected a table [functions.a]");
}

TEST(ManifestErrors, BadValuesNameTheField) {
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nabi = \"grpc\"\n", 3, "functions.a.abi",
               "unknown abi 'grpc'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmemory = \"lots\"\n", 3, "functions.a.memory",
               "invalid size 'lots'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmemory = \"1KiB\"\n", 3, "functions.a.memory",
               "at least 64KiB");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmemory = -1\n", 3, "functions.a.memory", "negative");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\ntimeout = \"soon\"\n", 3, "functions.a.timeout",
               "invalid duration 'soon'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\ntimeout = 0\n", 3, "functions.a.timeout", "1..86400");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\ntimeout = \"0ms\"\n", 3, "functions.a.timeout",
               "positive");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmax_concurrency = 0\n", 3, "functions.a.max_concurrency",
               "max concurrency");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmax_queue = 5000000000\n", 3, "functions.a.max_queue",
               "out of range");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nmax_output = 0\n", 3, "functions.a.max_output",
               "positive");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nroute = \"api\"\n", 3, "functions.a.route",
               "invalid route");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nroute = \"/_wisp/x\"\n", 3, "functions.a.route",
               "invalid route");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nenv = { \"1X\" = \"v\" }\n", 3, "functions.a.env.1X",
               "invalid environment variable name");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\naliases = [\"latest\"]\n", 3, "functions.a.aliases",
               "invalid alias 'latest'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\naliases = [\"9x\"]\n", 3, "functions.a.aliases",
               "invalid alias '9x'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\n\n[functions.a.allow]\ncors = [\"ftp://x\"]\n", 5,
               "functions.a.allow.cors", "invalid cors origin");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\n[functions.a.allow]\ndirs = [\"/data\"]\n", 4,
               "functions.a.allow.dirs", "no file system");
  expect_error("[functions.Hello]\nmodule = \"a.wasm\"\n", 1, "functions.Hello",
               "invalid function name 'Hello'");
  expect_error("[functions.a]\nmodule = \"a.wasm\"\nsources = [\"src\"]\n", 3, "functions.a.sources",
               "set 'build' too");
}

TEST(ManifestErrors, TwoFunctionsCannotShareARoute) {
  expect_error(R"([functions.a]
module = "a.wasm"
route = "/api"

[functions.b]
module = "b.wasm"
route = "/api"
)",
               7, "functions.b.route", "already used by function 'a'");
}

TEST(ManifestErrors, TheFirstMistakeInTheFileIsReported) {
  // Both are wrong; the one on the earlier line wins, whatever the key order.
  ManifestError e = parse_error("[functions.a]\nmodule = \"a.wasm\"\ntimeout = \"x\"\nabi = \"y\"\n");
  EXPECT_EQ(e.field, "functions.a.timeout");
  EXPECT_EQ(e.line, 3u);
}

TEST(ManifestErrors, UnreadableFile) {
  auto m = load_manifest("/nonexistent/wisp.toml");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().to_string(), "/nonexistent/wisp.toml: no such file");
}

TEST(DeployQuery, SendsEverySettingExactly) {
  Manifest m = parse_ok(R"(
[functions.a]
module = "a.wasm"
abi = "http"
route = "/x"
memory = "1MB"
timeout = "90s"
env = { K = "a b&c" }
aliases = ["prod"]
allow = { cors = ["*"] }
)");
  std::string q = deploy_query(m.functions[0]);
  auto params = faas::parse_query(q.substr(1));
  auto value = [&](const std::string& key) {
    for (const auto& [k, v] : params)
      if (k == key) return v;
    return std::string("<absent>");
  };
  EXPECT_EQ(value("abi"), "http");
  EXPECT_EQ(value("route"), "/x");
  EXPECT_EQ(value("memory"), "1000000");
  EXPECT_EQ(value("timeout"), "90000ms");
  EXPECT_EQ(value("env"), "K=a b&c") << "percent-encoded on the way, decoded intact";
  EXPECT_EQ(value("alias"), "prod");
  EXPECT_EQ(value("cors"), "*");
  EXPECT_EQ(value("max_concurrency"), "8");
}

}  // namespace
}  // namespace wisp::manifest
