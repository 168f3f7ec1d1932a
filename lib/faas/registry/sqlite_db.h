// A thin RAII layer over SQLite: one connection, prepared statements with
// positional binds, and transactions that roll back unless committed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "faas/core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace wisp::faas {

class SqliteDb;

class Statement {
 public:
  Statement(SqliteDb& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  ~Statement();
  Statement(Statement&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement(const Statement&) = delete;

  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  // true: a row is ready; false: done. Errors are reported as Failure.
  Result<bool> step();
  Result<void> run();  // step() to completion
  std::string text(int column) const;
  int64_t integer(int column) const;

 private:
  SqliteDb* db_;
  sqlite3_stmt* stmt_;
};

class SqliteDb {
 public:
  static Result<std::unique_ptr<SqliteDb>> open(const std::filesystem::path& path);
  ~SqliteDb();

  Result<void> exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  std::string last_error() const;

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// BEGIN IMMEDIATE on construction; ROLLBACK in the destructor unless commit()
// succeeded, so every early return leaves the database untouched.
class Transaction {
 public:
  static Result<Transaction> begin(SqliteDb& db);
  Transaction(Transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  ~Transaction();
  Result<void> commit();

 private:
  explicit Transaction(SqliteDb& db) : db_(&db) {}
  SqliteDb* db_;
};

}  // namespace wisp::faas
