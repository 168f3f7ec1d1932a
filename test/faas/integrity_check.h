// SQLite's own verdict on a registry database after a crash: "ok", or its
// list of problems ("cannot open" when the file cannot be opened at all).
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <string>

namespace wisp::faas::testing {

inline std::string integrity_check(const std::filesystem::path& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  std::string result;
  sqlite3_exec(
      db, "PRAGMA integrity_check",
      [](void* out, int, char** values, char**) {
        *static_cast<std::string*>(out) += values[0] ? values[0] : "";
        return 0;
      },
      &result, nullptr);
  sqlite3_close(db);
  return result;
}

}  // namespace wisp::faas::testing
