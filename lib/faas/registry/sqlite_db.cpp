#include "faas/registry/sqlite_db.h"

#include <sqlite3.h>

namespace wisp::faas {

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(FailKind::Io, "sqlite: " + db_->last_error());
}

Result<void> Statement::run() {
  for (;;) {
    WISP_ASSIGN_OR_RETURN(bool row, step());
    if (!row) return {};
  }
}

std::string Statement::text(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw));
  if (rc != SQLITE_OK) return fail(FailKind::Io, "open " + path.string() + ": " + db->last_error());
  sqlite3_busy_timeout(raw, 5000);
  // WAL + synchronous=FULL: a committed transaction survives kill -9 and power
  // loss; an uncommitted one is rolled back on the next open.
  WISP_TRY(db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"));
  return db;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

std::string SqliteDb::last_error() const { return db_ ? sqlite3_errmsg(db_) : "out of memory"; }

Result<void> SqliteDb::exec(std::string_view sql) {
  char* err = nullptr;
  std::string copy(sql);
  if (sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : last_error();
    sqlite3_free(err);
    return fail(FailKind::Io, "sqlite: " + msg);
  }
  return {};
}

Result<Statement> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
    return fail(FailKind::Io, "sqlite: " + last_error());
  return Statement(*this, stmt);
}

Result<Transaction> Transaction::begin(SqliteDb& db) {
  WISP_TRY(db.exec("BEGIN IMMEDIATE"));
  return Transaction(db);
}

Transaction::~Transaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

Result<void> Transaction::commit() {
  WISP_TRY(db_->exec("COMMIT"));
  db_ = nullptr;
  return {};
}

}  // namespace wisp::faas
