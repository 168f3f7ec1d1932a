// A deliberately dumb HTTP/1.1 client over a POSIX socket, so tests control
// every byte on the wire (keep-alive, chunked bodies, Expect: 100-continue).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace wisp::faas::testing {

struct RawResponse {
  int status = 0;
  std::string head;
  std::string body;
  std::string header(const std::string& name) const {
    // Case-insensitive search for "\r\nname: value\r\n".
    std::string lower_head, lower_name = "\r\n" + name + ":";
    for (char c : head) lower_head.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (char& c : lower_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = lower_head.find(lower_name);
    if (at == std::string::npos) return {};
    auto start = at + lower_name.size();
    while (start < head.size() && head[start] == ' ') ++start;
    return head.substr(start, head.find("\r\n", start) - start);
  }
};

class RawConnection {
 public:
  explicit RawConnection(uint16_t port, int timeout_ms = 10'000) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawConnection() { ::close(fd_); }
  bool connected() const { return connected_; }

  bool send(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

  // Reads one response (Content-Length framed, or until close). Nothing on timeout/close before a head.
  // `to_head`: the request was HEAD, so no body follows whatever Content-Length says.
  std::optional<RawResponse> read_response(bool to_head = false) {
    while (buffer_.find("\r\n\r\n") == std::string::npos)
      if (!fill()) return std::nullopt;
    auto end = buffer_.find("\r\n\r\n");
    RawResponse r;
    r.head = buffer_.substr(0, end + 2);
    buffer_.erase(0, end + 4);
    r.status = std::atoi(r.head.substr(9, 3).c_str());
    std::string length = r.header("Content-Length");
    if (to_head) return r;
    if (!length.empty()) {
      size_t n = std::strtoull(length.c_str(), nullptr, 10);
      while (buffer_.size() < n)
        if (!fill()) return std::nullopt;
      r.body = buffer_.substr(0, n);
      buffer_.erase(0, n);
    } else if (r.status >= 200 && r.status != 204 && r.status != 304) {
      while (fill()) {
      }
      r.body = std::move(buffer_);
      buffer_.clear();
    }
    return r;
  }

  // True when the server closed the connection (read returns 0).
  bool closed_by_peer() {
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  bool fill() {
    char buf[8192];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

inline std::string get(const std::string& target, const std::string& extra_headers = {}) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

}  // namespace wisp::faas::testing
