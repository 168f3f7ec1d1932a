// The function registry: SQLite (registry.db) for functions, immutable
// numbered versions and aliases, plus content-addressed module files.
// Every write is one transaction and module files are written atomically
// before the transaction that refers to them, so a kill -9 at any moment
// leaves either the old state or the new one (at worst an unreferenced module
// file, removed at the next start).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "faas/registry/catalog.h"
#include "faas/registry/module_store.h"
#include "faas/registry/sqlite_db.h"

namespace wisp::faas {

struct DeployRequest {
  std::string name;
  std::vector<uint8_t> module;
  FunctionConfig config;
  // Aliases to point at the new version besides `latest`.
  std::vector<std::string> aliases;
};

class Registry {
 public:
  static Result<std::unique_ptr<Registry>> open(const std::filesystem::path& data_dir);

  // Adds the next version of `name` (creating the function) and moves `latest`.
  Result<VersionInfo> deploy(const DeployRequest& request);
  // Points `alias` (including `latest`) at an existing version: rollback is this.
  Result<void> set_alias(const std::string& name, const std::string& alias, uint32_t version);
  Result<void> remove_function(const std::string& name);
  // Removes one version. Refused while an alias other than `latest` names it;
  // `latest` moves to the newest remaining version; the last version removes the function.
  Result<void> remove_version(const std::string& name, uint32_t version);

  std::shared_ptr<const Catalog> catalog() const;
  Result<std::vector<uint8_t>> module_bytes(const std::string& sha256) const { return modules_.get(sha256); }
  const std::filesystem::path& data_dir() const { return data_dir_; }

 private:
  Registry(std::filesystem::path data_dir, std::unique_ptr<SqliteDb> db);
  Result<void> create_schema();
  Result<std::shared_ptr<const Catalog>> load_catalog();
  Result<void> refresh();  // reload after a committed write and publish
  void collect_garbage();

  std::filesystem::path data_dir_;
  std::unique_ptr<SqliteDb> db_;
  ModuleStore modules_;
  std::mutex write_mutex_;  // one writer at a time, including module file GC
  mutable std::mutex catalog_mutex_;
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace wisp::faas
