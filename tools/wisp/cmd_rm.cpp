// `wisp rm NAME` removes a function with all its versions; `wisp rm NAME@3`
// removes one version (refused while an alias other than latest points to it).
#include <iostream>

#include "admin_cli.h"
#include "commands.h"
#include "faas/core/http_message.h"

namespace wisp::cli {

void register_rm(CLI::App& app, int& exit_code) {
  struct Flags {
    AdminOptions admin;
    std::string target;
  };
  auto f = std::make_shared<Flags>();
  auto* cmd = app.add_subcommand("rm", "remove a function (NAME) or one version (NAME@VERSION)");
  cmd->add_option("target", f->target, "NAME or NAME@VERSION")->required();
  add_admin_options(*cmd, f->admin);
  cmd->callback([f, &exit_code] {
    std::string name = f->target, version;
    if (auto at = name.find('@'); at != std::string::npos) {
      version = name.substr(at + 1);
      name.resize(at);
    }
    std::string target = "/_wisp/functions/" + faas::percent_encode(name);
    if (!version.empty()) target += "/versions/" + faas::percent_encode(version);
    auto response = admin_call(f->admin, "DELETE", target);
    if (!response) {
      exit_code = 1;
      return;
    }
    std::cout << "removed " << f->target << "\n";
    exit_code = 0;
  });
}

}  // namespace wisp::cli
