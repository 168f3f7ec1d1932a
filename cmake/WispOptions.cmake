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
