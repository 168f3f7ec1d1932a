#include "faas/core/cgi.h"

#include <gtest/gtest.h>

#include <map>

#include "test_catalog.h"

namespace wisp::faas {
namespace {

// Each variable once: a name given twice would be ambiguous to the guest.
std::map<std::string, std::string> as_map(const EnvStrings& env) {
  std::map<std::string, std::string> map;
  for (const std::string& s : env) {
    size_t eq = s.find('=');
    EXPECT_NE(eq, std::string::npos) << s;
    EXPECT_TRUE(map.emplace(s.substr(0, eq), s.substr(eq + 1)).second) << "twice: " << s;
  }
  return map;
}

TEST(CgiEnvironment, CarriesRequestMetadata) {
  Catalog c;
  testing::add_version(c, "hello", 3);
  auto catalog = std::make_shared<const Catalog>(c);
  auto match = route_request(catalog, "/hello/3/a/b");
  ASSERT_TRUE(match);
  HttpRequest req;
  req.method = "POST";
  req.target = "/hello/3/a/b?x=1&y=2";
  req.headers = {{"Content-Type", "text/plain"}, {"X-Custom-Thing", "v1"}, {"Accept", "a"}, {"accept", "b"}};
  req.body = "12345";
  req.remote_addr = "127.0.0.1";
  req.server_name = "example.test";
  req.server_port = 8080;
  req.request_id = "rid";
  FunctionConfig config;
  config.env = {{"GREETING", "hi"}, {"REQUEST_METHOD", "forged"}, {"HTTP_X_CUSTOM_THING", "forged"}};
  EnvStrings strings = cgi_environment(req, *match, config);
  ASSERT_FALSE(strings.empty());
  EXPECT_EQ(strings.front(), "GREETING=hi") << "configured variables come first";
  auto env = as_map(strings);
  EXPECT_EQ(env["REQUEST_METHOD"], "POST");  // request metadata wins over configured values
  EXPECT_EQ(env["GREETING"], "hi");
  EXPECT_EQ(env["PATH_INFO"], "/a/b");
  EXPECT_EQ(env["X_MATCHED_ROUTE"], "/hello/3");
  EXPECT_EQ(env["QUERY_STRING"], "x=1&y=2");
  EXPECT_EQ(env["CONTENT_TYPE"], "text/plain");
  EXPECT_EQ(env["CONTENT_LENGTH"], "5");
  EXPECT_EQ(env["SERVER_NAME"], "example.test");
  EXPECT_EQ(env["SERVER_PORT"], "8080");
  EXPECT_EQ(env["REMOTE_ADDR"], "127.0.0.1");
  EXPECT_EQ(env["HTTP_X_CUSTOM_THING"], "v1");
  EXPECT_EQ(env["HTTP_ACCEPT"], "a, b");
  EXPECT_EQ(env["X_FULL_URL"], "http://example.test:8080/hello/3/a/b?x=1&y=2");
  EXPECT_EQ(env["X_REQUEST_ID"], "rid");
  EXPECT_FALSE(env.contains("HTTP_CONTENT_TYPE"));
}

TEST(CgiOutput, RawBodyWithoutHeaders) {
  auto p = parse_cgi_output("hello world\n");
  EXPECT_TRUE(p.error.empty());
  EXPECT_EQ(p.response.status, 200);
  EXPECT_EQ(p.response.body, "hello world\n");
}

TEST(CgiOutput, HeadersThenBody) {
  auto p = parse_cgi_output("Content-Type: application/json\nX-A: 1\n\n{\"ok\":true}");
  EXPECT_TRUE(p.error.empty());
  EXPECT_EQ(p.response.status, 200);
  EXPECT_EQ(p.response.body, "{\"ok\":true}");
  ASSERT_EQ(p.response.headers.size(), 2u);
  EXPECT_EQ(p.response.headers[0].second, "application/json");
  EXPECT_EQ(p.response.headers[1].first, "X-A");
}

TEST(CgiOutput, StatusHeaderSetsCodeAndIsNotForwarded) {
  auto p = parse_cgi_output("Status: 404 Not Found\r\nContent-Type: text/plain\r\n\r\nmissing");
  EXPECT_EQ(p.response.status, 404);
  EXPECT_EQ(p.response.body, "missing");
  for (const auto& [k, v] : p.response.headers) EXPECT_NE(k, "Status");
}

TEST(CgiOutput, LocationWithoutStatusRedirects) {
  auto p = parse_cgi_output("Location: /elsewhere\n\n");
  EXPECT_EQ(p.response.status, 302);
  EXPECT_EQ(p.response.body, "");
}

TEST(CgiOutput, MalformedStatusIsAnError) {
  auto p = parse_cgi_output("Status: banana\n\nbody");
  EXPECT_FALSE(p.error.empty());
}

TEST(CgiOutput, FramingHeadersFromTheGuestAreDropped) {
  auto p = parse_cgi_output("Content-Length: 999\nTransfer-Encoding: chunked\nX-Ok: y\n\nabc");
  ASSERT_EQ(p.response.headers.size(), 2u);  // X-Ok + default Content-Type
  EXPECT_EQ(p.response.headers[0].first, "X-Ok");
}

TEST(CgiOutput, TextThatOnlyLooksLikeAHeaderWithoutBlankLineIsBody) {
  auto p = parse_cgi_output("Note: this is prose\nand more prose\n");
  EXPECT_EQ(p.response.status, 200);
  EXPECT_EQ(p.response.body, "Note: this is prose\nand more prose\n");
}

TEST(CgiOutput, EmptyOutputIsAnEmpty200) {
  auto p = parse_cgi_output("");
  EXPECT_EQ(p.response.status, 200);
  EXPECT_EQ(p.response.body, "");
}

TEST(HttpMessage, QueryParsingDecodes) {
  auto q = parse_query("a=1&env=K%3DV&b=x+y&bad=%zz&c");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[1].second, "K=V");
  EXPECT_EQ(q[2].second, "x y");
  EXPECT_EQ(q[3].first, "c");
  EXPECT_EQ(percent_decode(percent_encode("a b=c&d/é")), "a b=c&d/é");
}

}  // namespace
}  // namespace wisp::faas
