#include "faas/core/function_logs.h"

#include <chrono>
#include <ctime>
#include <fstream>

namespace wisp::faas {
namespace {

std::string utc_timestamp() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

FunctionLogs::FunctionLogs(std::filesystem::path dir, uint64_t max_bytes)
    : dir_(std::move(dir)), max_bytes_(max_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
}

void FunctionLogs::append(const std::string& function, uint32_t version, std::string_view request_id,
                          std::string_view text) {
  if (text.empty()) return;
  std::string prefix = utc_timestamp() + " v" + std::to_string(version) + " " + std::string(request_id) + " ";
  std::string block;
  while (!text.empty()) {
    auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    block += prefix;
    block += line;
    block += '\n';
  }
  std::lock_guard lock(mutex_);
  std::error_code ec;
  auto path = path_of(function);
  if (std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > max_bytes_)
    std::filesystem::rename(path, path.string() + ".1", ec);
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << block;
}

FunctionLogs::Chunk FunctionLogs::read(const std::string& function, uint64_t offset, uint64_t max) const {
  Chunk chunk;
  std::ifstream in(path_of(function), std::ios::binary);
  if (!in) return chunk;
  in.seekg(0, std::ios::end);
  auto size = static_cast<uint64_t>(in.tellg());
  if (offset > size) offset = 0;
  uint64_t n = std::min(max, size - offset);
  chunk.text.resize(n);
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(chunk.text.data(), static_cast<std::streamsize>(n));
  chunk.text.resize(static_cast<size_t>(in.gcount()));
  chunk.next_offset = offset + chunk.text.size();
  return chunk;
}

void FunctionLogs::remove(const std::string& function) {
  std::lock_guard lock(mutex_);
  std::error_code ec;
  std::filesystem::remove(path_of(function), ec);
  std::filesystem::remove(path_of(function).string() + ".1", ec);
}

}  // namespace wisp::faas
