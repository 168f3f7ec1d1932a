#include "spectest/xfail.h"

#include <gtest/gtest.h>

namespace wisp::spectest {
namespace {

TEST(XfailList, ParsesEntriesReasonsAndComments) {
  auto list = XfailList::parse(
      "# header comment\n"
      "\n"
      "address/address.json:104   # wrong offset handling\n"
      "  float_exprs/float_exprs.json:77\r\n"
      "simd_lane/simd_lane.json:300#no space before the hash\n");
  ASSERT_TRUE(list) << list.error();
  ASSERT_EQ(list->entries().size(), 3u);
  EXPECT_EQ(list->entries()[0].path, "address/address.json");
  EXPECT_EQ(list->entries()[0].line, 104u);
  EXPECT_EQ(list->entries()[0].reason, "wrong offset handling");
  EXPECT_EQ(list->entries()[0].list_line, 3u);
  EXPECT_EQ(list->entries()[1].path, "float_exprs/float_exprs.json");
  EXPECT_EQ(list->entries()[1].reason, "");
  EXPECT_EQ(list->entries()[2].line, 300u);
  EXPECT_EQ(list->entries()[2].reason, "no space before the hash");
}

TEST(XfailList, LineZeroIsAllowed) {
  // wast2json writes line 0 for some commands (comments.json).
  auto list = XfailList::parse("comments/comments.json:0\n");
  ASSERT_TRUE(list);
  EXPECT_NE(list->find("/s/comments/comments.json", 0), nullptr);
}

TEST(XfailList, EmptyListIsValid) {
  auto list = XfailList::parse("# nothing expected to fail\n");
  ASSERT_TRUE(list);
  EXPECT_TRUE(list->entries().empty());
}

TEST(XfailList, RejectsMalformedEntries) {
  EXPECT_FALSE(XfailList::parse("address/address.json\n"));
  EXPECT_FALSE(XfailList::parse("address/address.json:abc\n"));
  EXPECT_FALSE(XfailList::parse("address/address.json:-1\n"));
  EXPECT_FALSE(XfailList::parse(":12\n"));
  auto duplicate = XfailList::parse("a/a.json:1\na/a.json:1 # again\n");
  ASSERT_FALSE(duplicate);
  EXPECT_NE(duplicate.error().find("line 2"), std::string::npos);
}

TEST(XfailList, MatchesPathSuffixAtFolderBoundary) {
  EXPECT_TRUE(
      xfail_path_matches("address/address.json", "/work/shared/spectest/wasm-2.0/address/address.json"));
  EXPECT_TRUE(xfail_path_matches("wasm-2.0/address/address.json", "/x/wasm-2.0/address/address.json"));
  EXPECT_TRUE(xfail_path_matches("address.json", "address.json"));
  EXPECT_FALSE(xfail_path_matches("ddress/address.json", "/x/address/address.json"));
  EXPECT_FALSE(xfail_path_matches("address/address.json", "/x/simd_address/address.json2"));
  EXPECT_FALSE(xfail_path_matches("", "/x/a.json"));

  auto list = XfailList::parse("address/address.json:104\naddress/address.json:200\nother/other.json:104\n");
  ASSERT_TRUE(list);
  const std::string path = "/w/wasm-2.0/address/address.json";
  const XfailEntry* hit = list->find(path, 104);
  ASSERT_NE(hit, nullptr);
  EXPECT_EQ(hit->path, "address/address.json");
  EXPECT_EQ(list->find(path, 105), nullptr);
  EXPECT_EQ(list->find("/w/wasm-2.0/simd_address/simd_address.json", 104), nullptr);
  EXPECT_EQ(list->entries_for(path).size(), 2u);
}

TEST(XfailList, LoadReportsMissingFile) {
  auto list = XfailList::load("/nonexistent/xfail.txt");
  ASSERT_FALSE(list);
  EXPECT_NE(list.error().find("/nonexistent/xfail.txt"), std::string::npos);
}

}  // namespace
}  // namespace wisp::spectest
