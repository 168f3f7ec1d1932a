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
