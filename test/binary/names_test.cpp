// The "name" custom section.
#include <gtest/gtest.h>

#include "binary/decoder.h"
#include "wasm_bytes.h"

namespace wisp::binary {
namespace {

using namespace wisp::binary::test;

Bytes subsection(uint8_t id, const Bytes& contents) { return section(id, contents); }

Bytes name_section(std::initializer_list<Bytes> subsections) {
  Bytes contents = name("name");
  for (const Bytes& s : subsections) append(contents, s);
  return section(0, contents);
}

Bytes two_functions() {
  return cat({section(1, vec({{0x60, 0x00, 0x00}})), section(3, vec({uleb(0), uleb(0)})),
              section(10, vec({func_body({0x01, 0x02, 0x7f, 0x0b}), func_body({0x00, 0x0b})}))});
}

TEST(NameSection, ModuleFunctionAndLocalNames) {
  Bytes names = name_section({
      subsection(0, name("mod")),
      subsection(1, vec({cat({uleb(0), name("first")}), cat({uleb(1), name("second")})})),
      subsection(2, vec({cat({uleb(0), vec({cat({uleb(0), name("x")}), cat({uleb(1), name("y")})})})})),
  });
  auto m = decode(module({two_functions(), names}));
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->names.module, "mod");
  ASSERT_EQ(m->names.functions.size(), 2u);
  EXPECT_EQ(m->names.functions.at(0), "first");
  EXPECT_EQ(m->names.functions.at(1), "second");
  ASSERT_EQ(m->names.locals.count(0), 1u);
  EXPECT_EQ(m->names.locals.at(0).at(0), "x");
  EXPECT_EQ(m->names.locals.at(0).at(1), "y");
  // The section is also kept as a custom section.
  ASSERT_EQ(m->customs.size(), 1u);
  EXPECT_EQ(m->customs[0].name, "name");
}

TEST(NameSection, UnknownSubsectionsAreSkipped) {
  Bytes names = name_section({subsection(7, {1, 2, 3}), subsection(1, vec({cat({uleb(1), name("f")})}))});
  auto m = decode(module({two_functions(), names}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->names.functions.at(1), "f");
}

TEST(NameSection, MalformedContentsDoNotFailTheModule) {
  const Bytes broken_contents[] = {
      {0x01, 0x05, 0x01, 0x00},              // subsection size past the end
      {0x01, 0x03, 0x01, 0x00, 0x05},        // name length past the subsection
      {0x00, 0x02, 0x01, 0xff},              // module name not UTF-8
      {0x01, 0x04, 0x01, 0x00, 0x00, 0x99},  // subsection has trailing bytes
      {0x02, 0x02, 0x01},                    // truncated local map
      {0x01},                                // id only
  };
  for (const Bytes& contents : broken_contents) {
    auto m = decode(module({two_functions(), section(0, cat({name("name"), contents}))}));
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_TRUE(m->names.functions.empty());
    EXPECT_FALSE(m->names.module.has_value());
  }
}

TEST(NameSection, SubsectionsBeforeABrokenOneAreKept) {
  Bytes contents = cat({name("name"), subsection(0, name("kept")), {0x01, 0x09, 0x01}});
  auto m = decode(module({two_functions(), section(0, contents)}));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->names.module, "kept");
}

}  // namespace
}  // namespace wisp::binary
