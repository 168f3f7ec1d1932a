#include "faas/registry/registry.h"

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

namespace wisp::faas {
namespace {

int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS functions (
  name TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL,
  next_version INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS versions (
  function TEXT NOT NULL REFERENCES functions(name) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  config TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (function, version)
);
CREATE TABLE IF NOT EXISTS aliases (
  function TEXT NOT NULL,
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (function, alias),
  FOREIGN KEY (function, version) REFERENCES versions(function, version) ON DELETE CASCADE
);
)sql";

}  // namespace

Registry::Registry(std::filesystem::path data_dir, std::unique_ptr<SqliteDb> db)
    : data_dir_(std::move(data_dir)), db_(std::move(db)), modules_(data_dir_ / "modules") {}

Result<std::unique_ptr<Registry>> Registry::open(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return fail(FailKind::Io, "create " + data_dir.string() + ": " + ec.message());
  WISP_ASSIGN_OR_RETURN(auto db, SqliteDb::open(data_dir / "registry.db"));
  std::unique_ptr<Registry> reg(new Registry(data_dir, std::move(db)));
  WISP_TRY(reg->modules_.init());
  WISP_TRY(reg->create_schema());
  WISP_TRY(reg->refresh());
  reg->collect_garbage();
  return reg;
}

Result<void> Registry::create_schema() { return db_->exec(kSchema); }

std::shared_ptr<const Catalog> Registry::catalog() const {
  std::lock_guard lock(catalog_mutex_);
  return catalog_;
}

Result<std::shared_ptr<const Catalog>> Registry::load_catalog() {
  auto cat = std::make_shared<Catalog>();
  WISP_ASSIGN_OR_RETURN(auto fns, db_->prepare("SELECT name, created_at FROM functions"));
  for (;;) {
    WISP_ASSIGN_OR_RETURN(bool row, fns.step());
    if (!row) break;
    FunctionInfo f;
    f.name = fns.text(0);
    f.created_at = fns.integer(1);
    cat->functions.emplace(f.name, std::move(f));
  }
  WISP_ASSIGN_OR_RETURN(auto vs,
                        db_->prepare("SELECT function, version, sha256, config, created_at FROM versions"));
  for (;;) {
    WISP_ASSIGN_OR_RETURN(bool row, vs.step());
    if (!row) break;
    auto it = cat->functions.find(vs.text(0));
    if (it == cat->functions.end()) continue;
    VersionInfo v;
    v.version = static_cast<uint32_t>(vs.integer(1));
    v.sha256 = vs.text(2);
    v.created_at = vs.integer(4);
    auto json = nlohmann::json::parse(vs.text(3), nullptr, /*allow_exceptions=*/false);
    auto config = config_from_json(json);
    if (!config)
      return fail(FailKind::Io, "corrupt config of " + it->first + " version " + std::to_string(v.version));
    v.config = std::move(*config);
    it->second.versions.emplace(v.version, std::move(v));
  }
  WISP_ASSIGN_OR_RETURN(auto as, db_->prepare("SELECT function, alias, version FROM aliases"));
  for (;;) {
    WISP_ASSIGN_OR_RETURN(bool row, as.step());
    if (!row) break;
    auto it = cat->functions.find(as.text(0));
    if (it != cat->functions.end()) it->second.aliases[as.text(1)] = static_cast<uint32_t>(as.integer(2));
  }
  return std::shared_ptr<const Catalog>(std::move(cat));
}

Result<void> Registry::refresh() {
  WISP_ASSIGN_OR_RETURN(auto cat, load_catalog());
  std::lock_guard lock(catalog_mutex_);
  catalog_ = std::move(cat);
  return {};
}

void Registry::collect_garbage() {
  std::set<std::string> referenced;
  for (const auto& [name, f] : catalog()->functions)
    for (const auto& [n, v] : f.versions) referenced.insert(v.sha256);
  modules_.collect_garbage(referenced);
}

Result<VersionInfo> Registry::deploy(const DeployRequest& req) {
  if (!valid_function_name(req.name))
    return fail(FailKind::Invalid, "invalid function name '" + req.name + "'");
  for (const auto& a : req.aliases)
    if (!valid_alias_name(a) || a == "latest") return fail(FailKind::Invalid, "invalid alias '" + a + "'");
  WISP_TRY(check_config(req.config));

  std::lock_guard lock(write_mutex_);
  if (!req.config.route.empty())
    for (const auto& [name, f] : catalog()->functions)
      if (name != req.name && f.latest() && f.latest()->config.route == req.config.route)
        return fail(FailKind::Conflict, "route " + req.config.route + " is already used by function " + name);

  // The module file first: a crash after this leaves only an unreferenced file.
  WISP_ASSIGN_OR_RETURN(std::string sha, modules_.put(req.module));

  WISP_ASSIGN_OR_RETURN(auto tx, Transaction::begin(*db_));
  int64_t now = now_seconds();
  WISP_ASSIGN_OR_RETURN(
      auto ins,
      db_->prepare("INSERT OR IGNORE INTO functions(name, created_at, next_version) VALUES(?, ?, 1)"));
  WISP_TRY(ins.bind(1, req.name).bind(2, now).run());
  WISP_ASSIGN_OR_RETURN(auto next, db_->prepare("SELECT next_version FROM functions WHERE name = ?"));
  next.bind(1, req.name);
  WISP_ASSIGN_OR_RETURN(bool found, next.step());
  if (!found) return fail(FailKind::Internal, "function row vanished");
  VersionInfo v{static_cast<uint32_t>(next.integer(0)), sha, req.config, now};
  WISP_TRY(next.run());  // finish the read before writing

  WISP_ASSIGN_OR_RETURN(auto bump,
                        db_->prepare("UPDATE functions SET next_version = next_version + 1 WHERE name = ?"));
  WISP_TRY(bump.bind(1, req.name).run());
  WISP_ASSIGN_OR_RETURN(
      auto add,
      db_->prepare(
          "INSERT INTO versions(function, version, sha256, config, created_at) VALUES(?, ?, ?, ?, ?)"));
  WISP_TRY(add.bind(1, req.name)
               .bind(2, v.version)
               .bind(3, sha)
               .bind(4, to_json(req.config).dump())
               .bind(5, now)
               .run());
  std::vector<std::string> aliases = req.aliases;
  aliases.push_back("latest");
  for (const auto& a : aliases) {
    WISP_ASSIGN_OR_RETURN(
        auto set, db_->prepare("INSERT OR REPLACE INTO aliases(function, alias, version) VALUES(?, ?, ?)"));
    WISP_TRY(set.bind(1, req.name).bind(2, a).bind(3, v.version).run());
  }
  WISP_TRY(tx.commit());
  WISP_TRY(refresh());
  return v;
}

Result<void> Registry::set_alias(const std::string& name, const std::string& alias, uint32_t version) {
  if (!valid_alias_name(alias)) return fail(FailKind::Invalid, "invalid alias '" + alias + "'");
  std::lock_guard lock(write_mutex_);
  const FunctionInfo* f = catalog()->find(name);
  if (!f) return fail(FailKind::NotFound, "unknown function '" + name + "'");
  if (!f->find_version(version))
    return fail(FailKind::NotFound, "function '" + name + "' has no version " + std::to_string(version));
  WISP_ASSIGN_OR_RETURN(auto tx, Transaction::begin(*db_));
  WISP_ASSIGN_OR_RETURN(
      auto set, db_->prepare("INSERT OR REPLACE INTO aliases(function, alias, version) VALUES(?, ?, ?)"));
  WISP_TRY(set.bind(1, name).bind(2, alias).bind(3, version).run());
  WISP_TRY(tx.commit());
  return refresh();
}

Result<void> Registry::remove_function(const std::string& name) {
  std::lock_guard lock(write_mutex_);
  if (!catalog()->find(name)) return fail(FailKind::NotFound, "unknown function '" + name + "'");
  WISP_ASSIGN_OR_RETURN(auto tx, Transaction::begin(*db_));
  for (const char* sql : {"DELETE FROM aliases WHERE function = ?", "DELETE FROM versions WHERE function = ?",
                          "DELETE FROM functions WHERE name = ?"}) {
    WISP_ASSIGN_OR_RETURN(auto del, db_->prepare(sql));
    WISP_TRY(del.bind(1, name).run());
  }
  WISP_TRY(tx.commit());
  WISP_TRY(refresh());
  collect_garbage();
  return {};
}

Result<void> Registry::remove_version(const std::string& name, uint32_t version) {
  std::unique_lock lock(write_mutex_);
  auto cat = catalog();
  const FunctionInfo* f = cat->find(name);
  if (!f) return fail(FailKind::NotFound, "unknown function '" + name + "'");
  if (!f->find_version(version))
    return fail(FailKind::NotFound, "function '" + name + "' has no version " + std::to_string(version));
  for (const auto& [alias, v] : f->aliases)
    if (v == version && alias != "latest")
      return fail(FailKind::Conflict,
                  "alias '" + alias + "' points to version " + std::to_string(version) + "; move it first");
  if (f->versions.size() == 1) {
    lock.unlock();
    return remove_function(name);
  }
  WISP_ASSIGN_OR_RETURN(auto tx, Transaction::begin(*db_));
  WISP_ASSIGN_OR_RETURN(auto del_alias,
                        db_->prepare("DELETE FROM aliases WHERE function = ? AND version = ?"));
  WISP_TRY(del_alias.bind(1, name).bind(2, version).run());
  WISP_ASSIGN_OR_RETURN(auto del, db_->prepare("DELETE FROM versions WHERE function = ? AND version = ?"));
  WISP_TRY(del.bind(1, name).bind(2, version).run());
  if (f->aliases.contains("latest") && f->aliases.at("latest") == version) {
    uint32_t newest = 0;
    for (const auto& [n, v] : f->versions)
      if (n != version) newest = n;
    WISP_ASSIGN_OR_RETURN(
        auto set,
        db_->prepare("INSERT OR REPLACE INTO aliases(function, alias, version) VALUES(?, 'latest', ?)"));
    WISP_TRY(set.bind(1, name).bind(2, newest).run());
  }
  WISP_TRY(tx.commit());
  WISP_TRY(refresh());
  collect_garbage();
  return {};
}

}  // namespace wisp::faas
