// The C SDK's own behaviour (test/e2e/guests/sdk_c_features.c) over real
// HTTP: the middleware onion and early answers, route specificity, wildcards,
// HEAD and 405, and the JSON reader on hostile input. (The Rust SDK's
// equivalents are its cargo tests, run by the sdk_rust_unit test.)
#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

class SdkCTest : public ServeTest {
 protected:
  void SetUp() override {
    ServeTest::SetUp();
    if (HasFatalFailure()) return;
    deploy("c", "sdk_c_features", {"--abi", "http"});
  }
  faas::testing::RawResponse send(const std::string& method, const std::string& target,
                                  const std::string& body) {
    return request(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                   std::to_string(body.size()) + "\r\n\r\n" + body);
  }
};

TEST_F(SdkCTest, MiddlewareIsAnOnionFirstAddedOutermost) {
  auto r = get("/c/trail");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "outer>inner>handler") << "ways in, in the order wisp_use added them";
  EXPECT_EQ(r.header("X-Trail"), "<inner<outer") << "ways out, in reverse";
}

TEST_F(SdkCTest, MiddlewareCanAnswerWithoutTheInnerLayers) {
  auto r = get("/c/trail", "X-Block: yes\r\n");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "blocked");
  EXPECT_EQ(r.header("X-Trail"), "<outer") << "inner never ran; outer still saw the answer";
}

TEST_F(SdkCTest, MostSpecificRouteWinsAndParamsAreDecoded) {
  EXPECT_EQ(get("/c/users/7").body, "user #7");
  EXPECT_EQ(get("/c/users/me").body, "me") << "a literal beats a parameter, whatever the order";
  EXPECT_EQ(get("/c/users/ada%20l").body, "user named ada l");
  EXPECT_EQ(get("/c/users/7/").body, "user #7") << "a trailing slash is ignored";
  EXPECT_EQ(get("/c/users").status, 404);
  EXPECT_EQ(get("/c/users/7/x").status, 404);
}

TEST_F(SdkCTest, WildcardsTakeTheRestOfThePath) {
  EXPECT_EQ(get("/c/files/a/b%2Fc/d.txt").body, "file [a/b/c/d.txt]");
  EXPECT_EQ(get("/c/files").body, "file []") << "a wildcard may match nothing";
}

TEST_F(SdkCTest, MethodsHeadAnd405) {
  EXPECT_EQ(send("DELETE", "/c/users/9", "").body, "user #9");
  auto wrong = send("PUT", "/c/users/9", "");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.header("Allow"), "GET, DELETE, HEAD");
  faas::testing::RawConnection c(server_->port());
  ASSERT_TRUE(c.send("HEAD /c/users/5 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto head = c.read_response(/*to_head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200) << "HEAD uses the GET route";
  EXPECT_EQ(head->header("Content-Length"), "7");
}

TEST_F(SdkCTest, JsonReaderDecodesStringsAndNumbers) {
  auto r =
      send("POST", "/c/json",
           R"( {"a": [1, 2.5e3, {"b": [true, false, null]}], "s": "x\ty\u00e9\ud83d\ude00", "n": -42} )");
  EXPECT_EQ(r.status, 200) << r.body;
  // root object, "a", array, 1, 2.5e3, object, "b", array, true, false, null, "s", string, "n", -42 = 15
  // tokens
  EXPECT_EQ(r.body, "ok type=7 tokens=15 s=x\ty\xc3\xa9\xf0\x9f\x98\x80 n=-42");
  EXPECT_EQ(send("POST", "/c/json", R"({"s": "dup", "s": "last"})").body, "ok type=7 tokens=5 s=last");
  EXPECT_EQ(send("POST", "/c/json", R"({"n": 1.5})").body, "ok type=7 tokens=3") << "not an integer";
  EXPECT_EQ(send("POST", "/c/json", R"({"n": 99999999999999999999})").body, "ok type=7 tokens=3")
      << "overflow";
}

TEST_F(SdkCTest, JsonReaderRejectsMalformedInputWithAnOffset) {
  struct Case {
    std::string body, error;
  };
  for (const Case& c : std::vector<Case>{
           {"", "error unexpected end at byte 0"},
           {"{\"a\":1,}", "error expected a string key at byte 7"},
           {"[1 2]", "error expected ',' or ']' at byte 3"},
           {"\"a\x01\"", "error control character in string at byte 2"},
           {"01", "error unexpected text after the value at byte 1"},
           {"-", "error bad number at byte 1"},
           {"\"\\q\"", "error bad escape at byte 2"},
           {"[1] x", "error unexpected text after the value at byte 4"},
           {"tru", "error expected a value at byte 0"},
           {std::string(65, '['), "error nested too deeply at byte 64"},
       }) {
    auto r = send("POST", "/c/json", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(r.body, c.error) << c.body;
  }
  // Deep nesting within the limit, and far beyond it, never recurses in the guest.
  std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_EQ(send("POST", "/c/json", ok).body, "ok type=6 tokens=64");
  EXPECT_EQ(send("POST", "/c/json", std::string(1'000'000, '[')).status, 400);
}

}  // namespace
}  // namespace wisp::faas::e2e
