// `wisp new TEMPLATE PATH`: a ready project folder (source, build script,
// wisp.toml, the SDK it uses) from a template compiled into the binary.
//   wisp new c-http hello      ./hello, function "hello"
//   wisp new --list
// Exit status: 0 written, 1 the folder exists or cannot be written, 2 an
// unknown template or an invalid function name.
#include <iostream>

#include "commands.h"
#include "manifest/project_templates.h"

namespace wisp::cli {
namespace {

struct NewFlags {
  std::string template_name;
  std::string path;
  std::string function;  // default: the last component of path
  bool list = false;
};

void print_templates(std::ostream& out) {
  for (const auto& t : manifest::project_templates())
    out << "  " << t.name << std::string(12 - std::min<size_t>(11, t.name.size()), ' ') << t.description
        << "\n";
}

int run_new(const NewFlags& f) {
  if (f.list || f.template_name.empty()) {
    std::cout << "templates:\n";
    print_templates(std::cout);
    return f.list ? 0 : 2;
  }
  if (f.path.empty()) {
    std::cerr << "wisp new: give the project's folder, e.g. wisp new " << f.template_name << " hello\n";
    return 2;
  }
  std::filesystem::path dir(f.path);
  std::string function = f.function;
  if (function.empty()) {
    // "demo", "demo/", "." (an empty current folder) all name the folder itself.
    auto normal = std::filesystem::absolute(dir).lexically_normal();
    function = (normal.has_filename() ? normal : normal.parent_path()).filename().string();
  }
  auto written = manifest::create_project(f.template_name, dir, function);
  if (!written) {
    std::cerr << "wisp new: " << written.error().message << "\n";
    if (written.error().kind == faas::FailKind::NotFound) print_templates(std::cerr);
    return written.error().kind == faas::FailKind::Io || written.error().kind == faas::FailKind::Conflict ? 1
                                                                                                          : 2;
  }
  std::cout << "created " << dir.string() << " (" << f.template_name << ", function '" << function << "'):\n";
  for (const auto& file : *written) std::cout << "  " << file << "\n";
  std::string cd = dir.string();
  std::cout << "next:\n"
            << "  cd " << cd << "\n"
            << "  ./build.sh               # build build/" << function << ".wasm\n"
            << "  wisp up --serve          # deploy; starts a server on 127.0.0.1:8080 if none runs\n"
            << "  curl http://127.0.0.1:8080/" << function << "/\n"
            << "or, while editing:\n"
            << "  wisp dev --build         # serve from disk, rebuild and reload on every save\n";
  return 0;
}

}  // namespace

void register_new(CLI::App& app, int& exit_code) {
  auto f = std::make_shared<NewFlags>();
  auto* cmd = app.add_subcommand(
      "new", "create a function project from a template (source, build script, wisp.toml)");
  cmd->add_option("template", f->template_name, "c-http, c-stdio or rust-http (--list describes them)");
  cmd->add_option("path", f->path, "the folder to create; its name is the function's name");
  cmd->add_option("--name", f->function, "the function's name when it differs from the folder's");
  cmd->add_flag("--list", f->list, "list the templates");
  cmd->callback([f, &exit_code] { exit_code = run_new(*f); });
}

}  // namespace wisp::cli
