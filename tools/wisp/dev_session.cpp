#include "dev_session.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "common/sha256.h"
#include "manifest/abi_detect.h"
#include "manifest/build_command.h"
#include "manifest/deployer.h"

namespace wisp::cli {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A module counts as settled this long after its writer closed it (or it was
// renamed into place): bursts of writes from one build land as one deploy.
constexpr auto kModuleSettle = 10ms;
// A module modified but not yet closed: its writer may keep it open (mmap,
// a slow copy); deploy what is there once it has been quiet this long.
constexpr auto kModuleQuiet = 300ms;
// Editors save in several steps (temporary file, rename, chmod).
constexpr auto kSourceSettle = 100ms;

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Files editors and tools write beside the real ones.
bool is_noise(const fs::path& path) {
  std::string name = path.filename().string();
  return name.empty() || name[0] == '.' || name.ends_with("~") || name.ends_with(".swp") || name == "4913";
}

// Absolute and normal, without a trailing separator ("src/" and "." name folders
// too), so paths compare component by component.
fs::path normal(const fs::path& p) {
  fs::path n = fs::absolute(p).lexically_normal();
  if (!n.has_filename() && n.has_relative_path()) n = n.parent_path();
  return n;
}

bool is_within(const fs::path& path, const fs::path& dir) {
  auto [d, p] = std::mismatch(dir.begin(), dir.end(), path.begin(), path.end());
  return d == dir.end();
}

std::string ms_since(std::chrono::steady_clock::time_point t) {
  return std::to_string(
             std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t)
                 .count()) +
         " ms";
}

fs::path relative_to(const fs::path& path, const fs::path& base) {
  auto r = path.lexically_relative(base);
  return r.empty() || r.begin()->string() == ".." ? path : r;
}

}  // namespace

DevSession::DevSession(std::vector<DevFunction> functions, DevOptions options, FileWatcher watcher)
    : options_(std::move(options)), watcher_(std::move(watcher)) {
  if (!options_.manifest_file.empty()) options_.manifest_file = normal(options_.manifest_file);
  options_.manifest_dir = normal(options_.manifest_dir);
  options_.logs_dir = normal(options_.logs_dir);
  for (auto& f : functions) {
    f.spec.module = normal(f.spec.module);
    for (auto& s : f.spec.sources) s = normal(s);
    State state;
    state.f = std::move(f);
    functions_.push_back(std::move(state));
  }
}

void DevSession::watch_function(const State& s) {
  std::error_code ec;
  fs::create_directories(s.f.spec.module.parent_path(), ec);  // a build creates it anyway
  if (!watcher_.watch_dir(s.f.spec.module.parent_path()))
    std::cerr << "wisp dev: cannot watch " << s.f.spec.module.parent_path().string() << "\n";
  if (!options_.build_on_change || s.f.spec.build.empty()) return;
  for (const auto& source : s.f.spec.sources) {
    if (fs::is_directory(source, ec))
      watcher_.watch_tree(source);
    else
      watcher_.watch_dir(source.parent_path());
  }
}

void DevSession::watch_all() {
  for (const auto& s : functions_) watch_function(s);
  if (!options_.manifest_file.empty()) watcher_.watch_dir(options_.manifest_file.parent_path());
  std::error_code ec;
  fs::create_directories(options_.logs_dir, ec);
  watcher_.watch_dir(options_.logs_dir);
}

bool DevSession::is_source_of(const State& s, const fs::path& path) const {
  if (s.f.spec.build.empty() || path == s.f.spec.module) return false;
  for (const auto& source : s.f.spec.sources)
    if (path == source || (is_within(path, source) && fs::is_directory(source))) return true;
  return false;
}

void DevSession::on_event(const FileEvent& event, const State* just_built) {
  auto now = Clock::now();
  if (event.path.parent_path() == options_.logs_dir) return;  // echoed after every wait anyway
  if (event.path == options_.manifest_file && !event.removed) {
    manifest_due_ = now + kSourceSettle;
    return;
  }
  for (auto& s : functions_) {
    if (event.path == s.f.spec.module) {
      if (event.removed) continue;  // keep serving what was deployed; a new file will follow
      if (!s.first_change) s.first_change = now;
      s.module_due = now + (event.finished ? std::chrono::milliseconds(kModuleSettle) : kModuleQuiet);
      continue;
    }
    if (!options_.build_on_change || &s == just_built || is_noise(event.path) || !is_source_of(s, event.path))
      continue;
    if (event.is_dir && !event.removed) watcher_.watch_tree(event.path);  // a new folder of sources
    s.build_due = now + kSourceSettle;
    s.changed_source = relative_to(event.path, options_.manifest_dir).string();
  }
}

void DevSession::deploy(State& s, const faas::AdminClient& client, const faas::ServerAddress& address) {
  auto started = s.first_change.value_or(Clock::now());
  s.first_change.reset();
  std::string shown = relative_to(s.f.spec.module, options_.manifest_dir).string();
  auto bytes = read_file(s.f.spec.module);
  if (!bytes) {
    std::cout << "wisp dev: " << s.f.spec.name << ": " << shown << " does not exist yet; waiting for it"
              << std::endl;
    return;
  }
  std::string sha = sha256_hex({reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()});
  // Rewritten with the bytes that serve now, or that were just refused: nothing to deploy.
  if (sha == s.deployed_sha || sha == s.refused_sha) {
    std::cout << "wisp dev: " << s.f.spec.name << ": " << shown << " is unchanged (same bytes as "
              << (sha == s.deployed_sha ? "version " + std::to_string(s.version)
                                        : std::string("the refused one"))
              << ")" << std::endl;
    return;
  }
  if (s.f.detect_abi)
    if (auto abi = manifest::detect_abi(*bytes)) s.f.spec.config.abi = *abi;
  auto deployed = manifest::deploy_bytes(client, s.f.spec, std::move(*bytes));
  if (!deployed) {
    std::cout << "wisp dev: " << s.f.spec.name << ": " << shown
              << " was not loaded: " << deployed.error().message << "; "
              << (s.version ? "still serving version " + std::to_string(s.version)
                            : std::string("nothing to serve yet"))
              << std::endl;
    s.refused_sha = sha;
    return;
  }
  bool first = s.version == 0;
  s.version = deployed->version;
  s.deployed_sha = sha;
  s.refused_sha.clear();
  if (first)
    std::cout << "wisp dev: " << s.f.spec.name << " version " << s.version << " ("
              << faas::abi_name(s.f.spec.config.abi) << ") -> " << manifest::function_url(address, s.f.spec)
              << "  [" << shown << "]" << std::endl;
  else
    std::cout << "wisp dev: reloaded " << s.f.spec.name << " from " << shown << ": version " << s.version
              << " (" << ms_since(started) << " after the change)" << std::endl;
}

void DevSession::build(State& s) {
  std::cout << "wisp dev: building " << s.f.spec.name << " (" << s.changed_source
            << " changed): " << s.f.spec.build << std::endl;
  auto started = Clock::now();
  int status = manifest::run_build(s.f.spec, options_.manifest_dir);
  if (status != 0)
    std::cout << "wisp dev: the build of " << s.f.spec.name << " failed (exit " << status << "); "
              << (s.version ? "still serving version " + std::to_string(s.version)
                            : std::string("nothing to serve yet"))
              << std::endl;
  else
    std::cout << "wisp dev: built " << s.f.spec.name << " in " << ms_since(started) << std::endl;
}

void DevSession::reload_manifest(const faas::AdminClient& client, const faas::ServerAddress& address) {
  auto loaded = manifest::load_manifest(options_.manifest_file);
  if (!loaded) {
    std::cout << "wisp dev: " << loaded.error().to_string() << "; keeping the previous settings" << std::endl;
    return;
  }
  std::cout << "wisp dev: " << options_.manifest_file.filename().string() << " changed" << std::endl;
  std::vector<State> kept;
  for (auto& s : functions_) {
    bool listed = std::any_of(loaded->functions.begin(), loaded->functions.end(),
                              [&](const auto& f) { return f.name == s.f.spec.name; });
    if (!s.f.from_manifest || listed) {
      kept.push_back(std::move(s));
      continue;
    }
    auto removed = client.request("DELETE", "/_wisp/functions/" + s.f.spec.name);
    std::cout << "wisp dev: " << s.f.spec.name << " is no longer in the manifest: "
              << (removed && removed->status == 200 ? "removed" : "could not be removed") << std::endl;
  }
  functions_ = std::move(kept);
  for (auto& spec : loaded->functions) {
    spec.module = normal(spec.module);
    for (auto& src : spec.sources) src = normal(src);
    auto it = std::find_if(functions_.begin(), functions_.end(),
                           [&](const State& s) { return s.f.spec.name == spec.name; });
    if (it == functions_.end()) {
      State state;
      state.f = DevFunction{std::move(spec), false, true};
      functions_.push_back(std::move(state));
      watch_function(functions_.back());
      deploy(functions_.back(), client, address);
      continue;
    }
    const manifest::FunctionSpec& old = it->f.spec;
    bool same = faas::to_json(old.config) == faas::to_json(spec.config) && old.aliases == spec.aliases &&
                old.module == spec.module && old.build == spec.build && old.sources == spec.sources;
    if (same) continue;
    it->f.spec = std::move(spec);
    watch_function(*it);
    it->deployed_sha.clear();  // the same module with new settings is a new version
    it->refused_sha.clear();
    deploy(*it, client, address);
  }
}

void DevSession::echo_logs() {
  for (const auto& s : functions_) {
    const std::string& name = s.f.spec.name;
    fs::path log = options_.logs_dir / (name + ".log");
    std::error_code ec;
    auto size = fs::file_size(log, ec);
    if (ec) continue;
    uint64_t& offset = log_offsets_[name];
    if (size < offset) offset = 0;  // rotated to NAME.log.1: the new file starts over
    if (size == offset) continue;
    std::ifstream in(log, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(offset));
    std::string text(size - offset, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    // Only whole lines; a partial one waits for its end.
    auto last = text.rfind('\n');
    if (last == std::string::npos) continue;
    text.resize(last + 1);
    offset += text.size();
    std::string out;
    for (size_t at = 0; at < text.size();) {
      size_t end = text.find('\n', at);
      out += name + " | " + text.substr(at, end - at + 1);
      at = end + 1;
    }
    std::cout << out << std::flush;
  }
}

std::optional<DevSession::Clock::time_point> DevSession::next_due() const {
  std::optional<Clock::time_point> due = manifest_due_;
  for (const auto& s : functions_)
    for (const auto& t : {s.module_due, s.build_due})
      if (t && (!due || *t < *due)) due = t;
  return due;
}

void DevSession::run(const faas::AdminClient& client, const faas::ServerAddress& address,
                     const std::atomic<bool>& stop) {
  watch_all();  // before the first deploy, so no change can slip between them
  for (auto& s : functions_) deploy(s, client, address);
  std::cout << "wisp dev: watching " << functions_.size() << " module(s)"
            << (options_.build_on_change ? " and their sources" : "") << "; Ctrl-C stops" << std::endl;
  while (!stop) {
    auto due = next_due();
    auto timeout =
        due ? std::chrono::duration_cast<std::chrono::milliseconds>(*due - Clock::now()) + 1ms : 1000ms;
    for (const auto& event : watcher_.wait(timeout)) on_event(event);
    echo_logs();
    auto now = Clock::now();
    if (manifest_due_ && *manifest_due_ <= now) {
      manifest_due_.reset();
      reload_manifest(client, address);
    }
    now = Clock::now();
    // Builds first: the module they write is then deployed in the same pass's wake.
    for (auto& s : functions_)
      if (s.build_due && *s.build_due <= now && !stop) {
        s.build_due.reset();
        build(s);
        // What the build itself wrote is not a reason to build again (its
        // outputs may well lie among its sources); its module still counts.
        for (const auto& event : watcher_.wait(0ms)) on_event(event, &s);
      }
    now = Clock::now();
    for (auto& s : functions_)
      if (s.module_due && *s.module_due <= now && !stop) {
        s.module_due.reset();
        deploy(s, client, address);
      }
  }
}

}  // namespace wisp::cli
