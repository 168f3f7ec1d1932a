# Rust guests, built offline with Debian's rustc/cargo and the crates Debian
# packages (librust-*-dev), as ../shared/TOOLCHAINS.md describes. The machine
# may also have a rustup toolchain first on PATH without a wasm standard
# library, so Debian's binaries are called by absolute path.
set(WISP_DEBIAN_RUSTC /usr/bin/rustc)
set(WISP_DEBIAN_CARGO /usr/bin/cargo)

# wisp_rust_guest(NAME CRATE_DIR OUTPUT [NATIVE_OUTPUT path] [DEPENDS files...]):
# builds the crate's binary NAME (or its cdylib library NAME) for wasm32-wasi
# into OUTPUT, and optionally natively (a reference for tests and benchmarks)
# into NATIVE_OUTPUT. DEPENDS lists inputs outside CRATE_DIR/src that cargo
# reads (build.rs, embedded files, path dependencies such as sdk/rust), so
# that changing them rebuilds the guest.
function(wisp_rust_guest name crate_dir output)
  cmake_parse_arguments(ARG "" "NATIVE_OUTPUT" "DEPENDS" ${ARGN})
  if(NOT EXISTS ${WISP_DEBIAN_CARGO} OR NOT EXISTS /usr/lib/rustlib/wasm32-wasi)
    message(FATAL_ERROR "Rust guest '${name}' needs Debian's Rust toolchain for wasm32-wasi: "
                        "apt-get install rustc cargo libstd-rust-dev-wasm32 (scripts/setup does)")
  endif()
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${crate_dir}/src/*.rs)
  set(target_dir ${CMAKE_CURRENT_BINARY_DIR}/${name}-cargo)
  set(env ${CMAKE_COMMAND} -E env RUSTC=${WISP_DEBIAN_RUSTC} CARGO_TARGET_DIR=${target_dir} CARGO_HOME=${target_dir}/home)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${env} ${WISP_DEBIAN_CARGO} build --quiet --release --target wasm32-wasi
    COMMAND ${CMAKE_COMMAND} -E copy ${target_dir}/wasm32-wasi/release/${name}.wasm ${output}
    WORKING_DIRECTORY ${crate_dir}
    DEPENDS ${sources} ${crate_dir}/Cargo.toml ${ARG_DEPENDS}
    COMMENT "cargo build ${name} (wasm32-wasi)"
    VERBATIM)
  set(outputs ${output})
  if(ARG_NATIVE_OUTPUT)
    add_custom_command(
      OUTPUT ${ARG_NATIVE_OUTPUT}
      COMMAND ${env} ${WISP_DEBIAN_CARGO} build --quiet --release
      COMMAND ${CMAKE_COMMAND} -E copy ${target_dir}/release/${name} ${ARG_NATIVE_OUTPUT}
      WORKING_DIRECTORY ${crate_dir}
      DEPENDS ${sources} ${crate_dir}/Cargo.toml ${ARG_DEPENDS}
      COMMENT "cargo build ${name} (native reference)"
      VERBATIM)
    list(APPEND outputs ${ARG_NATIVE_OUTPUT})
  endif()
  add_custom_target(${name}_guest ALL DEPENDS ${outputs})
endfunction()
