// The seed's classic function behind `wisp serve`: the grayscale example,
// unchanged, as a CGI-style stdio function answering POST /grayscale/... with
// exactly what the same Rust program built natively writes for a real JPEG.
#include <cstdio>
#include <fstream>
#include <iterator>

#include "e2e_fixture.h"

namespace wisp::faas::e2e {
namespace {

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

class GrayscaleTest : public ServeTest {
 protected:
  // A photo-like JPEG made with ImageMagick, and the native program's answer to it.
  void make_photo() {
    photo_ = dir_->path() / "photo.jpg";
    auto made = run_program({"/usr/bin/convert", "-size", "320x240", "gradient:tomato-steelblue", "-attenuate",
                             "0.6", "+noise", "Gaussian", "-seed", "7", "-quality", "85", photo_.string()});
    ASSERT_EQ(made.exit_code, 0) << made.output;
    const auto ref = dir_->path() / "photo.ref";
    const std::string cmd = std::string(WISP_GRAYSCALE_NATIVE) + " < " + photo_.string() + " > " + ref.string();
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    expected_ = read_all(ref);
    ASSERT_GT(expected_.size(), 1000u);
  }
  std::filesystem::path photo_;
  std::string expected_;
};

TEST_F(GrayscaleTest, JpegInGrayPngOutSameBytesAsNative) {
  make_photo();
  auto deployed = wisp({"deploy", "grayscale", WISP_GRAYSCALE_WASM, "--timeout", "120s"});
  ASSERT_EQ(deployed.exit_code, 0) << deployed.output;
  const std::string jpeg = read_all(photo_);
  for (int i = 0; i < 2; ++i) {  // a fresh instance each time gives the same answer
    auto r = request("POST /grayscale/convert HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/jpeg\r\n"
                     "Content-Length: " +
                     std::to_string(jpeg.size()) + "\r\n\r\n" + jpeg);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
    EXPECT_EQ(r.body.size(), expected_.size());
    EXPECT_TRUE(r.body == expected_) << "the served image differs from the native program's";
    EXPECT_EQ(r.body.substr(1, 3), "PNG");
  }
  // Not an image: the program's own error, the function's log, and the server keeps serving.
  auto bad = request("POST /grayscale HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 9\r\n\r\nnot a jpg");
  EXPECT_GE(bad.status, 400) << bad.body;
  auto logs = wisp({"logs", "grayscale"});
  EXPECT_NE(logs.output.find("unrecognised image"), std::string::npos) << logs.output;
  auto again = request("POST /grayscale HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                       std::to_string(jpeg.size()) + "\r\n\r\n" + jpeg);
  EXPECT_EQ(again.status, 200);
}

}  // namespace
}  // namespace wisp::faas::e2e
