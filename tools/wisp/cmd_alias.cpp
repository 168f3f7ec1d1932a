// `wisp alias NAME ALIAS VERSION`: points an alias at a version. Rolling back
// is `wisp alias NAME latest 3` (or any alias your routes use).
#include <iostream>
#include <nlohmann/json.hpp>

#include "admin_cli.h"
#include "commands.h"
#include "faas/core/http_message.h"

namespace wisp::cli {

void register_alias(CLI::App& app, int& exit_code) {
  struct Flags {
    AdminOptions admin;
    std::string name, alias;
    uint32_t version = 0;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd =
      app.add_subcommand("alias", "point an alias (e.g. prod, or latest for a rollback) at a version");
  cmd->add_option("name", f->name, "function name")->required();
  cmd->add_option("alias", f->alias, "alias name (starts with a letter)")->required();
  cmd->add_option("version", f->version, "version number")->required();
  add_admin_options(*cmd, f->admin);
  cmd->callback([f, &exit_code] {
    nlohmann::json body = {{"version", f->version}};
    auto response = admin_call(
        f->admin, "PUT",
        "/_wisp/functions/" + faas::percent_encode(f->name) + "/aliases/" + faas::percent_encode(f->alias),
        body.dump(), "application/json");
    if (!response) {
      exit_code = 1;
      return;
    }
    std::cout << f->name << "@" << f->alias << " -> version " << f->version << "\n";
    exit_code = 0;
  });
}

}  // namespace wisp::cli
