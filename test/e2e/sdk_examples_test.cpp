// The SDK examples end to end: examples/api (Rust SDK) and examples/api-c
// (C SDK) deployed with --abi http to the real `wisp serve`, every route
// driven over real HTTP. Both examples promise the same behaviour, so every
// test runs against each.
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

using nlohmann::json;

struct Example {
  std::string name;        // test name suffix
  std::string wasm;        // built module
  std::string static_dir;  // its static/ in the source tree
};

// Names the example in failure messages instead of dumping the struct's bytes.
void PrintTo(const Example& example, std::ostream* out) { *out << example.name; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class SdkExampleTest : public ServeTest, public ::testing::WithParamInterface<Example> {
 protected:
  void SetUp() override {
    ServeTest::SetUp();
    if (HasFatalFailure()) return;
    auto r = wisp({"deploy", "demo", GetParam().wasm, "--abi", "http"});
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  faas::testing::RawResponse post(const std::string& target, const std::string& body) {
    return request("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
                   "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }
  // The JSON error body the examples' inner middleware makes of any error.
  static json error_body(const faas::testing::RawResponse& r) {
    EXPECT_EQ(r.header("Content-Type"), "application/json") << r.head;
    return json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  }
};

TEST_P(SdkExampleTest, CapitalizeTakesTheWordFromThePath) {
  auto r = get("/demo/api/capitalize/hELLO");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(r.body), (json{{"word", "hELLO"}, {"capitalized", "Hello"}})) << r.body;

  auto encoded = get("/demo/api/capitalize/wisp%20SDK");  // the parameter is percent-decoded
  EXPECT_EQ(json::parse(encoded.body), (json{{"word", "wisp SDK"}, {"capitalized", "Wisp sdk"}}))
      << encoded.body;

  EXPECT_EQ(get("/demo/api/capitalize").status, 404) << "the word is required";
  EXPECT_EQ(get("/demo/api/capitalize/a/b").status, 404) << "a parameter is one segment";
}

TEST_P(SdkExampleTest, EchoQueryReturnsTheQueryAsTypedJson) {
  auto r = get("/demo/api/echo-query?name=Ada%20Lovelace&age=36");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.body, R"({"name":"Ada Lovelace","age":36})");  // age is a JSON number

  auto reordered = get("/demo/api/echo-query?age=85&extra=1&name=Grace+Hopper");
  EXPECT_EQ(reordered.body, R"({"name":"Grace Hopper","age":85})");

  auto bad_age = get("/demo/api/echo-query?name=Ada&age=old");
  EXPECT_EQ(bad_age.status, 400);
  auto bad_age_json = error_body(bad_age);
  EXPECT_NE(bad_age_json.value("error", "").find("age"), std::string::npos) << bad_age.body;

  auto no_name = get("/demo/api/echo-query?age=3");
  EXPECT_EQ(no_name.status, 400);
  EXPECT_NE(error_body(no_name).value("error", "").find("name"), std::string::npos) << no_name.body;
}

TEST_P(SdkExampleTest, EchoPersonParsesAndWritesJson) {
  // Whitespace, other fields, escapes and a \u escape all go in; a normalised person comes out.
  auto r = post(
      "/demo/api/echo-person",
      "  {\"extra\": [1, {\"deep\": null}], \"age\": 36,\n \"name\": \"A\\\"da \\u00e9\\ud83d\\ude00\"}  ");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("Content-Type"), "application/json");
  EXPECT_EQ(r.body, "{\"name\":\"A\\\"da \xc3\xa9\xf0\x9f\x98\x80\",\"age\":36}");
}

TEST_P(SdkExampleTest, BadJsonIsA400WithAJsonError) {
  std::string deep(100'000, '[');  // must not exhaust the guest's stack
  for (const std::string& body :
       {std::string("{\"name\":"), std::string("not json"), std::string(),
        std::string("{\"name\":\"x\",\"age\":\"36\"}"), std::string("[1,2]"),
        std::string("{\"name\":\"x\",\"age\":36} trailing"), std::string("{\"name\":\"x\",\"age\":-1}"),
        std::string("{\"name\":\"\\x\",\"age\":1}"), deep}) {
    auto r = post("/demo/api/echo-person", body);
    EXPECT_EQ(r.status, 400) << "body: " << body.substr(0, 40) << "\n" << r.body;
    auto j = error_body(r);
    EXPECT_EQ(j.value("status", 0), 400) << r.body;
    EXPECT_NE(j.value("error", "").find("invalid JSON body"), std::string::npos) << r.body;
  }
}

TEST_P(SdkExampleTest, RequestIdMiddlewareWrapsEveryResponse) {
  std::regex generated("^[0-9a-f]{16}$");
  auto first = get("/demo/api/capitalize/x");
  auto second = get("/demo/app.js");  // static files go through the middleware too
  EXPECT_TRUE(std::regex_match(first.header("X-Request-Id"), generated)) << first.head;
  EXPECT_TRUE(std::regex_match(second.header("X-Request-Id"), generated)) << second.head;
  EXPECT_NE(first.header("X-Request-Id"), second.header("X-Request-Id"));

  auto traced = get("/demo/api/capitalize/x", "X-Request-Id: trace-42_a\r\n");
  EXPECT_EQ(traced.header("X-Request-Id"), "trace-42_a") << "a well-formed client id is kept";
  auto forged = get("/demo/api/capitalize/x", "X-Request-Id: <script>\r\n");
  EXPECT_TRUE(std::regex_match(forged.header("X-Request-Id"), generated)) << forged.head;
}

TEST_P(SdkExampleTest, UnmatchedRoutesBecomeJson404sInsideTheRequestIdLayer) {
  auto r = get("/demo/no/such/route", "X-Request-Id: abc-1\r\n");
  EXPECT_EQ(r.status, 404);
  auto j = error_body(r);
  EXPECT_EQ(j.value("error", ""), "not found") << r.body;
  EXPECT_EQ(j.value("status", 0), 404);
  EXPECT_EQ(j.value("path", ""), "/no/such/route");
  // The onion: request_id (outer) set the id on the way in, json_errors (inner)
  // read it on the way out, and request_id's own way out added the header.
  EXPECT_EQ(j.value("request_id", ""), "abc-1") << r.body;
  EXPECT_EQ(r.header("X-Request-Id"), "abc-1");

  auto generated = get("/demo/nope");
  EXPECT_EQ(error_body(generated).value("request_id", "?"), generated.header("X-Request-Id"))
      << generated.body;
}

TEST_P(SdkExampleTest, WrongMethodIs405WithAllow) {
  auto r = get("/demo/api/echo-person");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "POST");
  EXPECT_EQ(error_body(r).value("status", 0), 405) << r.body;
  EXPECT_EQ(post("/demo/api/capitalize/x", "{}").status, 405);
}

TEST_P(SdkExampleTest, StaticFilesHaveTypesAndETagsAndAnswer304) {
  auto index = get("/demo/");
  EXPECT_EQ(index.status, 200) << index.body;
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.body, read_file(GetParam().static_dir + "/index.html"));
  std::string etag = index.header("ETag");
  EXPECT_TRUE(std::regex_match(etag, std::regex("^\"[0-9a-f]{16}\"$"))) << index.head;
  EXPECT_EQ(index.header("Cache-Control"), "no-cache");

  auto script = get("/demo/app.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.header("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.body, read_file(GetParam().static_dir + "/app.js"));
  EXPECT_NE(script.header("ETag"), etag) << "different content, different tag";

  auto cached = get("/demo/", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(cached.status, 304) << cached.head;
  EXPECT_TRUE(cached.body.empty());
  EXPECT_EQ(cached.header("ETag"), etag);
  EXPECT_EQ(get("/demo/", "If-None-Match: \"stale\", W/" + etag + "\r\n").status, 304);
  EXPECT_EQ(get("/demo/", "If-None-Match: \"stale\"\r\n").status, 200);

  // The function's root without its slash would break the page's relative links.
  auto bare = get("/demo?x=1");
  EXPECT_EQ(bare.status, 308);
  EXPECT_EQ(bare.header("Location"), "/demo/?x=1");
  EXPECT_EQ(get("/demo/missing.css").status, 404);

  faas::testing::RawConnection c(server_->port());
  ASSERT_TRUE(c.send("HEAD /demo/app.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto head = c.read_response(/*to_head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("Content-Length"), std::to_string(script.body.size()));
}

TEST_P(SdkExampleTest, RoutesAreRelativeToWhereTheFunctionIsMounted) {
  auto r = wisp({"deploy", "elsewhere", GetParam().wasm, "--abi", "http", "--route", "/shop/v1"});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto capitalized = get("/shop/v1/api/capitalize/ok");
  EXPECT_EQ(capitalized.status, 200) << capitalized.body;
  EXPECT_EQ(json::parse(capitalized.body).value("capitalized", ""), "Ok");
  EXPECT_EQ(get("/shop/v1").header("Location"), "/shop/v1/");
  EXPECT_EQ(get("/shop/v1/").status, 200);
}

INSTANTIATE_TEST_SUITE_P(Examples, SdkExampleTest,
                         ::testing::Values(Example{"Rust", WISP_EXAMPLES_DIR "/api/api.wasm",
                                                   WISP_SOURCE_DIR "/examples/api/static"},
                                           Example{"C", WISP_EXAMPLES_DIR "/api-c/api-c.wasm",
                                                   WISP_SOURCE_DIR "/examples/api-c/static"}),
                         [](const ::testing::TestParamInfo<Example>& info) { return info.param.name; });

}  // namespace
}  // namespace wisp::faas::e2e
