#include "spectest/xfail.h"

#include <fstream>
#include <sstream>

#include "spectest/value_spec.h"

namespace wisp::spectest {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool xfail_path_matches(std::string_view entry_path, std::string_view file_path) {
  if (entry_path.empty() || !file_path.ends_with(entry_path)) return false;
  if (file_path.size() == entry_path.size()) return true;
  return file_path[file_path.size() - entry_path.size() - 1] == '/';
}

Expected<XfailList, std::string> XfailList::parse(std::string_view text) {
  XfailList list;
  uint32_t list_line = 0;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view raw = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++list_line;

    std::string_view reason;
    if (size_t hash = raw.find('#'); hash != std::string_view::npos) {
      reason = trim(raw.substr(hash + 1));
      raw = raw.substr(0, hash);
    }
    std::string_view entry = trim(raw);
    if (entry.empty()) continue;

    const std::string where = "xfail list line " + std::to_string(list_line);
    size_t colon = entry.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
      return wisp::unexpected(where + ": expected `file.json:LINE`, got \"" + std::string(entry) + "\"");
    }
    std::string_view digits = entry.substr(colon + 1);
    auto line = digits.starts_with('-') ? std::nullopt : parse_integer_bits(digits, 32);
    if (!line) {
      return wisp::unexpected(where + ": bad line number \"" + std::string(entry.substr(colon + 1)) + "\"");
    }
    XfailEntry parsed{std::string(entry.substr(0, colon)), static_cast<uint32_t>(*line), std::string(reason),
                      list_line};
    if (list.find(parsed.path, parsed.line)) {
      return wisp::unexpected(where + ": duplicate entry " + std::string(entry));
    }
    list.entries_.push_back(std::move(parsed));
  }
  return list;
}

Expected<XfailList, std::string> XfailList::load(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return wisp::unexpected("cannot read xfail list " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  auto list = parse(text.str());
  if (!list) return wisp::unexpected(file.string() + ": " + list.error());
  return list;
}

const XfailEntry* XfailList::find(std::string_view file_path, uint32_t line) const {
  for (const XfailEntry& entry : entries_) {
    if (entry.line == line && xfail_path_matches(entry.path, file_path)) return &entry;
  }
  return nullptr;
}

std::vector<const XfailEntry*> XfailList::entries_for(std::string_view file_path) const {
  std::vector<const XfailEntry*> out;
  for (const XfailEntry& entry : entries_) {
    if (xfail_path_matches(entry.path, file_path)) out.push_back(&entry);
  }
  return out;
}

}  // namespace wisp::spectest
