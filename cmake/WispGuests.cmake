# Helpers that turn guest sources in the repo into .wasm files at build time.
find_program(WAT2WASM wat2wasm)

# wisp_wat_fixtures(target OUTDIR FILES...): assemble .wat files with wabt's
# wat2wasm into OUTDIR; `target` depends on them.
function(wisp_wat_fixtures target outdir)
  if(NOT WAT2WASM)
    message(FATAL_ERROR "wat2wasm not found: install Debian package 'wabt' (scripts/setup does)")
  endif()
  set(outputs)
  foreach(wat ${ARGN})
    get_filename_component(stem ${wat} NAME_WE)
    set(out ${outdir}/${stem}.wasm)
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
      COMMAND ${WAT2WASM} --enable-all ${wat} -o ${out}
      DEPENDS ${wat}
      COMMENT "wat2wasm ${stem}.wat"
      VERBATIM)
    list(APPEND outputs ${out})
  endforeach()
  add_custom_target(${target}_fixtures DEPENDS ${outputs})
  add_dependencies(${target} ${target}_fixtures)
endfunction()

# wisp_c_guest(target OUTDIR SOURCES... [FLAGS flags...]): compile C (.c) and
# C++ (.cpp) guest programs into OUTDIR/<stem>.wasm with clang-19 for
# wasm32-wasi, and add a target `target` (built by default) that produces them
# all. FLAGS are added to every compile (e.g. -msimd128). A source whose
# name ends in `_reactor` is linked as a reactor (-mexec-model=reactor: no
# _start, exports marked with export_name).
# Compiling (-O2) and linking are separate steps on purpose: an optimising
# link makes clang run binaryen's wasm-opt when it is installed, which drops
# the name section that backtraces need. The link strips debug info instead
# (Debian's libc.a carries DWARF that would make every guest ~5x larger).
find_program(WISP_WASM_CC clang-19)
find_program(WISP_WASM_CXX clang++-19)
set(WISP_WASI_SYSROOT /usr CACHE PATH "sysroot holding lib/wasm32-wasi and include/wasm32-wasi")

function(wisp_c_guest target outdir)
  cmake_parse_arguments(PARSE_ARGV 2 guest "" "" "FLAGS")
  if(NOT WISP_WASM_CC OR NOT EXISTS ${WISP_WASI_SYSROOT}/lib/wasm32-wasi/libc.a)
    message(FATAL_ERROR "C/C++ guests need clang-19 and the wasm32-wasi sysroot: install the Debian packages "
                        "clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 libc++-19-dev-wasm32 "
                        "libc++abi-19-dev-wasm32 (scripts/setup does)")
  endif()
  set(target_flags --target=wasm32-wasi --sysroot=${WISP_WASI_SYSROOT})
  set(outputs)
  foreach(src ${guest_UNPARSED_ARGUMENTS})
    get_filename_component(stem ${src} NAME_WE)
    get_filename_component(ext ${src} LAST_EXT)
    set(obj ${outdir}/${stem}.o)
    set(out ${outdir}/${stem}.wasm)
    set(compile_flags ${target_flags} -O2 -g0 ${guest_FLAGS})
    set(link_flags ${target_flags} -Wl,--strip-debug)
    if(stem MATCHES "_reactor$")
      list(APPEND link_flags -mexec-model=reactor)
    endif()
    if(ext STREQUAL ".cpp")
      if(NOT WISP_WASM_CXX)
        message(FATAL_ERROR "C++ guests need clang++-19: install Debian package clang-19")
      endif()
      set(compiler ${WISP_WASM_CXX})
      list(APPEND compile_flags -fno-exceptions -fno-rtti)
    else()
      set(compiler ${WISP_WASM_CC})
    endif()
    add_custom_command(
      OUTPUT ${out}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${outdir}
      COMMAND ${compiler} ${compile_flags} -c ${src} -o ${obj}
      COMMAND ${compiler} ${link_flags} ${obj} -o ${out}
      DEPENDS ${src}
      COMMENT "guest ${stem}.wasm"
      VERBATIM)
    list(APPEND outputs ${out})
  endforeach()
  add_custom_target(${target} ALL DEPENDS ${outputs})
endfunction()
