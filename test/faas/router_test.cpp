#include "faas/core/router.h"

#include <gtest/gtest.h>

#include "test_catalog.h"

namespace wisp::faas {
namespace {

using testing::add_version;

std::shared_ptr<const Catalog> sample() {
  auto c = std::make_shared<Catalog>();
  add_version(*c, "hello", 1);
  add_version(*c, "hello", 2);
  c->functions["hello"].aliases["prod"] = 1;
  add_version(*c, "api", 1, "/v1/api");
  add_version(*c, "deep", 1, "/v1/api/deep");
  return c;
}

TEST(Router, FunctionAloneMeansLatest) {
  auto m = route_request(sample(), "/hello");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->function, "hello");
  EXPECT_EQ(m->version->version, 2u);
  EXPECT_EQ(m->matched_route, "/hello");
  EXPECT_EQ(m->path_info, "/");
}

TEST(Router, RestWithoutVersionGoesToLatest) {
  auto m = route_request(sample(), "/hello/some/path");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->version->version, 2u);
  EXPECT_EQ(m->path_info, "/some/path");
}

TEST(Router, NumericSegmentSelectsVersion) {
  auto m = route_request(sample(), "/hello/1/x");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->version->version, 1u);
  EXPECT_EQ(m->matched_route, "/hello/1");
  EXPECT_EQ(m->path_info, "/x");
}

TEST(Router, AliasSegmentSelectsAliasedVersion) {
  auto m = route_request(sample(), "/hello/prod");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->version->version, 1u);
  EXPECT_EQ(m->path_info, "/");
  auto latest = route_request(sample(), "/hello/latest/a");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->version->version, 2u);
  EXPECT_EQ(latest->path_info, "/a");
}

TEST(Router, UnknownVersionIsAMiss) {
  auto m = route_request(sample(), "/hello/9/x");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "function 'hello' has no version 9");
}

TEST(Router, UnknownFunctionIsAMiss) {
  auto m = route_request(sample(), "/nope/1");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().message, "unknown function 'nope'");
  EXPECT_FALSE(route_request(sample(), "/"));
}

TEST(Router, LongestRoutePrefixWins) {
  auto m = route_request(sample(), "/v1/api/deep/x");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->function, "deep");
  EXPECT_EQ(m->matched_route, "/v1/api/deep");
  EXPECT_EQ(m->path_info, "/x");
  auto a = route_request(sample(), "/v1/api/other");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->function, "api");
  EXPECT_EQ(a->path_info, "/other");
}

TEST(Router, PrefixMatchesWholeSegmentsOnly) {
  auto m = route_request(sample(), "/v1/apix");
  EXPECT_FALSE(m);  // "/v1" is no function either
}

TEST(Router, SplitsTargetAtQuery) {
  auto [path, query] = split_target("/a/b?x=1&y");
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(query, "x=1&y");
  auto [p2, q2] = split_target("/a");
  EXPECT_EQ(p2, "/a");
  EXPECT_EQ(q2, "");
}

}  // namespace
}  // namespace wisp::faas
