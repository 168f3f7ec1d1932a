// The one SHA-256 (artifact checksums, AOT cache file names, the registry's
// module names) against FIPS 180-2's examples: whichever library computes
// it, the digests must stay plain SHA-256 or stored names stop matching.
#include "common/sha256.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace wisp {
namespace {

std::string hex_of(std::string_view text) {
  return sha256_hex({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

TEST(Sha256, StandardVectors) {
  EXPECT_EQ(hex_of(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // A million 'a's: many blocks through the CPU's SHA extensions, if it has them.
  EXPECT_EQ(hex_of(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, RawDigestMatchesHex) {
  const std::string text = "wisp";
  auto raw = sha256({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
  std::string hex = hex_of(text);
  ASSERT_EQ(hex.size(), 64u);
  for (size_t i = 0; i < raw.size(); ++i) {
    EXPECT_EQ(std::stoi(hex.substr(2 * i, 2), nullptr, 16), raw[i]) << "byte " << i;
  }
}

}  // namespace
}  // namespace wisp
