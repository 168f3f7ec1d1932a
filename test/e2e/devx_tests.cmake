# `wisp new`, `wisp up` and `wisp dev` end to end (included by CMakeLists.txt):
# projects generated from every template and built with their own build
# scripts, manifests deployed with `wisp up`, modules swapped under load by
# `wisp dev`.
if(NOT TARGET wisp_manifest)
  return()
endif()
# Fixtures of their own folder: two rules may not build the same file.
set(devx_guest_dir ${CMAKE_CURRENT_BINARY_DIR}/devx-guests)

function(devx_e2e_test name)
  wisp_test(${name} SOURCES ${ARGN} processes.cpp DEPS wisp_faas_core)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/test/faas ${CMAKE_CURRENT_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE WISP_BINARY="$<TARGET_FILE:wisp>" WISP_GUEST_DIR="${devx_guest_dir}"
                                             WISP_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_dependencies(${name} wisp)
endfunction()

devx_e2e_test(devx_new_up_e2e_test e2e_new_up_test.cpp)
devx_e2e_test(devx_dev_e2e_test e2e_dev_test.cpp)
wisp_wat_fixtures(devx_dev_e2e_test ${devx_guest_dir}
  ${CMAKE_CURRENT_SOURCE_DIR}/guests/hello.wat ${CMAKE_CURRENT_SOURCE_DIR}/guests/dev_version.wat
  ${CMAKE_CURRENT_SOURCE_DIR}/guests/dev_log.wat)
add_dependencies(devx_new_up_e2e_test devx_dev_e2e_test_fixtures)

# The Rust template builds with Debian's cargo: slow, so one test of its own.
include(WispRustGuests)
if(EXISTS ${WISP_DEBIAN_CARGO} AND EXISTS /usr/lib/rustlib/wasm32-wasi)
  devx_e2e_test(devx_new_rust_e2e_test e2e_new_rust_test.cpp)
endif()

# docs/manifest.md shows test/manifest/example verbatim; the test above deploys it.
add_test(NAME docs_manifest_example
  COMMAND ${CMAKE_COMMAND} -DDOC=${PROJECT_SOURCE_DIR}/docs/manifest.md -DROOT=${PROJECT_SOURCE_DIR}
          -P ${CMAKE_CURRENT_SOURCE_DIR}/check_doc_blocks.cmake)
