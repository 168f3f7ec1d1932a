// The C SDK compiled natively, so the sanitizers of the dev build watch its
// memory handling: sdk/c/wisp.c and test/e2e/guests/sdk_c_features.c run
// against fake wisp_host_* functions, with hostile requests (huge and deeply
// nested JSON, thousands of query pairs and path segments, values larger than
// the SDK's first read buffer) and fuzzed JSON.
#include <gtest/gtest.h>
#include <strings.h>

#include <algorithm>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "wisp.h"

extern "C" void wisp_handle(void);  // sdk_c_features.c, via WISP_MAIN

namespace {

struct FakeExchange {
  std::string method = "GET", uri = "/", path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  size_t body_read = 0;
  int status = 0;
  std::vector<std::pair<std::string, std::string>> response_headers;
  std::string response_body;

  std::string response_header(const std::string& name) const {
    for (const auto& [k, v] : response_headers)
      if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
    return {};
  }
};

// The exchange the fake host serves; one at a time, as in a real instance.
FakeExchange* current = nullptr;

int32_t copy_out(const std::string& value, char* buf, int32_t len) {
  std::memcpy(buf, value.data(), std::min<size_t>(value.size(), static_cast<size_t>(len)));
  return static_cast<int32_t>(value.size());
}

FakeExchange serve(FakeExchange exchange) {
  current = &exchange;
  wisp_handle();
  current = nullptr;
  return exchange;
}

FakeExchange get(const std::string& path, std::vector<std::pair<std::string, std::string>> headers = {}) {
  FakeExchange e;
  e.uri = "/c" + path;
  e.path = path.substr(0, path.find('?'));
  e.headers = std::move(headers);
  return serve(std::move(e));
}

FakeExchange post_json(const std::string& body) {
  FakeExchange e;
  e.method = "POST";
  e.uri = e.path = "/json";
  e.body = body;
  return serve(std::move(e));
}

}  // namespace

extern "C" {
int32_t wisp_host_method_get(char* buf, int32_t len) { return copy_out(current->method, buf, len); }
int32_t wisp_host_uri_get(char* buf, int32_t len) { return copy_out(current->uri, buf, len); }
int32_t wisp_host_path_info_get(char* buf, int32_t len) { return copy_out(current->path, buf, len); }
int32_t wisp_host_header_get(const char* name, int32_t name_len, char* buf, int32_t len) {
  for (const auto& [k, v] : current->headers)
    if (k.size() == static_cast<size_t>(name_len) && strncasecmp(k.data(), name, k.size()) == 0)
      return copy_out(v, buf, len);
  return -1;
}
int32_t wisp_host_header_names_get(char* buf, int32_t len) {
  std::string names;
  for (const auto& [k, v] : current->headers) names += (names.empty() ? "" : "\n") + k;
  return copy_out(names, buf, len);
}
int64_t wisp_host_body_size(void) { return static_cast<int64_t>(current->body.size()); }
int32_t wisp_host_body_read(char* buf, int32_t len) {
  size_t n = std::min(current->body.size() - current->body_read, static_cast<size_t>(len));
  std::memcpy(buf, current->body.data() + current->body_read, n);
  current->body_read += n;
  return static_cast<int32_t>(n);
}
int32_t wisp_host_status_set(int32_t status) {
  current->status = status;
  return 0;
}
int32_t wisp_host_header_add(const char* name, int32_t name_len, const char* value, int32_t value_len) {
  current->response_headers.emplace_back(std::string(name, static_cast<size_t>(name_len)),
                                         std::string(value, static_cast<size_t>(value_len)));
  return 0;
}
int32_t wisp_host_body_write(const char* buf, int32_t len) {
  current->response_body.append(buf, static_cast<size_t>(len));
  return 0;
}
}

namespace {

TEST(SdkCNative, ServesTheFeatureGuest) {
  auto trail = get("/trail");
  EXPECT_EQ(trail.status, 200);
  EXPECT_EQ(trail.response_body, "outer>inner>handler");
  EXPECT_EQ(trail.response_header("X-Trail"), "<inner<outer");
  EXPECT_EQ(get("/users/me").response_body, "me");
  EXPECT_EQ(get("/files/a/%2F/b").response_body, "file [a///b]");
}

TEST(SdkCNative, ValuesLargerThanTheFirstReadBufferArriveWhole) {
  std::string big(100'000, 'x');
  std::vector<std::pair<std::string, std::string>> headers = {{"X-Block", big}};
  for (int i = 0; i < 200; ++i) headers.emplace_back("X-Filler-" + std::to_string(i), "v");
  auto blocked = get("/trail", headers);  // header names list well past 256 bytes
  EXPECT_EQ(blocked.status, 403);
  auto user = get("/users/" + big);
  EXPECT_EQ(user.response_body, "user named " + big);
  FakeExchange e;
  e.method = "POST";
  e.uri = e.path = "/json";
  e.body = "{\"s\": \"" + big + "\"}";
  EXPECT_EQ(serve(std::move(e)).response_body, "ok type=7 tokens=3 s=" + big);
}

TEST(SdkCNative, HostilePathsAndQueriesAreHandled) {
  std::string deep_path;
  for (int i = 0; i < 50'000; ++i) deep_path += "/s";
  EXPECT_EQ(get(deep_path).status, 404);
  EXPECT_EQ(get("/files" + deep_path).response_body.size(), std::string("file []").size() + 50'000 * 2 - 1);
  // Malformed escapes stay as they are.
  EXPECT_EQ(get("/users/%zz%4%").response_body, "user named %zz%4%");
  EXPECT_EQ(get("/users/%00x").response_body, std::string("user named "));  // a NUL ends the C string
  std::string query = "?";
  for (int i = 0; i < 20'000; ++i) {
    query += 'k';  // (appending piece by piece dodges a false -Wrestrict in GCC 12)
    query += std::to_string(i);
    query += "=%41&";
  }
  EXPECT_EQ(get("/trail" + query).status, 200);
}

TEST(SdkCNative, JsonReaderSurvivesHugeAndDeepDocuments) {
  EXPECT_EQ(post_json(std::string(1'000'000, '[')).response_body, "error nested too deeply at byte 64");
  std::string many = "[";
  for (int i = 0; i < 200'000; ++i) many += "1,";
  many += "1]";
  EXPECT_EQ(post_json(many).response_body, "ok type=6 tokens=200002");
  EXPECT_EQ(post_json("\"\\ud800\"").status, 200) << "a lone surrogate becomes U+FFFD";
  EXPECT_EQ(post_json("\"\\ud800\\u0041\"").status, 200);
  EXPECT_EQ(post_json("\"\\u12").response_body, "error truncated \\u escape at byte 3");
}

// Mutations of valid documents: whatever the bytes, the parser answers (ok or
// an error) without reading or writing out of bounds.
TEST(SdkCNative, JsonReaderOnFuzzedInput) {
  const std::vector<std::string> seeds = {
      R"({"a": [1, 2.5e-3, {"b": [true, false, null]}], "s": "x\ty\u00e9\ud83d\ude00", "n": -42})",
      R"([[[[[]]]], {}, "", 0, -0.0e+0])", R"("\"\\\/\b\f\n\r\t")"};
  const std::string alphabet = "{}[]\",:\\u0123456789abcdefeE.-+ \t\ntruefalsnl\x01\x7f\xff";
  std::mt19937 rng(1234);
  int ok = 0, failed = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string doc = seeds[rng() % seeds.size()];
    int edits = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < edits && !doc.empty(); ++i) {
      size_t at = rng() % doc.size();
      switch (rng() % 3) {
        case 0: doc[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: doc.erase(at, 1 + rng() % 3); break;
        default: doc.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
    }
    wisp_json parsed;
    bool valid = wisp_json_parse(&parsed, doc.data(), doc.size());
    (valid ? ok : failed)++;
    if (valid) {
      EXPECT_EQ(parsed.tokens[0].end, parsed.count) << doc;  // the root spans the document
    }
    for (uint32_t t = 0; t < parsed.count; ++t) {
      size_t len = 0;
      if (const char* s = wisp_json_str(&parsed, static_cast<int>(t), &len)) {
        EXPECT_EQ(s[len], '\0');
      }
    }
    wisp_json_free(&parsed);
  }
  EXPECT_GT(ok, 100);
  EXPECT_GT(failed, 100);
}

TEST(SdkCNative, JsonWriterEscapesAndRoundTrips) {
  wisp_buf out = {};
  wisp_json_writer w = {};
  w.out = &out;
  const char tricky[] = "q\" b\\ nl\n tab\t nul\0 del\x7f \xc3\xa9";
  wisp_json_array_begin(&w);
  wisp_json_string_n(&w, tricky, sizeof tricky - 1);
  wisp_json_object_begin(&w);
  wisp_json_key(&w, "k");
  wisp_json_int(&w, -9'223'372'036'854'775'807LL - 1);
  wisp_json_key(&w, "e");
  wisp_json_array_begin(&w);
  wisp_json_array_end(&w);
  wisp_json_object_end(&w);
  wisp_json_bool(&w, true);
  wisp_json_null(&w);
  wisp_json_array_end(&w);
  EXPECT_EQ(std::string(out.data),
            "[\"q\\\" b\\\\ nl\\n tab\\u0009 nul\\u0000 del\\u007f \xc3\xa9\","
            "{\"k\":-9223372036854775808,\"e\":[]},true,null]");

  wisp_json parsed;
  ASSERT_TRUE(wisp_json_parse(&parsed, out.data, out.len)) << parsed.error;
  size_t len = 0;
  const char* back = wisp_json_str(&parsed, 1, &len);
  ASSERT_NE(back, nullptr);
  EXPECT_EQ(std::string(back, len), std::string(tricky, sizeof tricky - 1));
  long long k = 0;
  EXPECT_TRUE(wisp_json_long(&parsed, wisp_json_find(&parsed, 2, "k"), &k));
  EXPECT_EQ(k, -9'223'372'036'854'775'807LL - 1);
  wisp_json_free(&parsed);
  wisp_buf_free(&out);
}

}  // namespace
