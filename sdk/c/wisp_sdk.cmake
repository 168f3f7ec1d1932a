# Builds wisp functions written with the C SDK (wisp.h + wisp.c) for the http
# ABI, with Debian's clang-19 and wasi-libc (cmake/WispGuests.cmake finds them).
#
#   include(${PROJECT_SOURCE_DIR}/sdk/c/wisp_sdk.cmake)
#   wisp_c_sdk_guest(my_function OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/my.wasm
#                    SOURCES main.c [STATIC_DIR static STATIC_NAME site])
#
# STATIC_DIR embeds every file below it as the table STATIC_NAME (see
# WISP_STATIC_FILES in wisp.h), regenerated when a file changes or appears.
# Compiling (-O2) and linking are separate steps, as in wisp_c_guest, so the
# name section that backtraces need survives.
set(WISP_C_SDK_DIR ${CMAKE_CURRENT_LIST_DIR})

function(wisp_c_sdk_guest target)
  cmake_parse_arguments(ARG "" "OUTPUT;STATIC_DIR;STATIC_NAME" "SOURCES" ${ARGN})
  if(NOT WISP_WASM_CC OR NOT EXISTS ${WISP_WASI_SYSROOT}/lib/wasm32-wasi/libc.a)
    message(FATAL_ERROR "C SDK guests need clang-19 and the wasm32-wasi sysroot: install the Debian packages "
                        "clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 (scripts/setup does)")
  endif()
  set(work ${CMAKE_CURRENT_BINARY_DIR}/${target}.dir)
  set(sources ${ARG_SOURCES} ${WISP_C_SDK_DIR}/wisp.c)
  set(deps)
  if(ARG_STATIC_DIR)
    if(NOT ARG_STATIC_NAME)
      message(FATAL_ERROR "wisp_c_sdk_guest(${target}): STATIC_DIR needs STATIC_NAME")
    endif()
    # The glob reruns at every build, so a new file regenerates the table.
    file(GLOB_RECURSE static_files CONFIGURE_DEPENDS ${ARG_STATIC_DIR}/*)
    set(table ${work}/${ARG_STATIC_NAME}.c)
    add_custom_command(
      OUTPUT ${table}
      COMMAND ${CMAKE_COMMAND} -DDIR=${ARG_STATIC_DIR} -DNAME=${ARG_STATIC_NAME} -DOUT=${table}
              -P ${WISP_C_SDK_DIR}/wisp_embed.cmake
      DEPENDS ${static_files} ${WISP_C_SDK_DIR}/wisp_embed.cmake
      COMMENT "embed ${ARG_STATIC_DIR} as ${ARG_STATIC_NAME}"
      VERBATIM)
    list(APPEND sources ${table})
  endif()

  set(target_flags --target=wasm32-wasi --sysroot=${WISP_WASI_SYSROOT})
  set(warnings -Wall -Wextra)
  if(WISP_WERROR)
    list(APPEND warnings -Werror)
  endif()
  set(objects)
  foreach(src IN LISTS sources)
    get_filename_component(stem ${src} NAME_WE)
    set(obj ${work}/${stem}.o)
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${work}
      COMMAND ${WISP_WASM_CC} ${target_flags} -O2 -g0 ${warnings} -I${WISP_C_SDK_DIR}
              -MD -MF ${obj}.d -c ${src} -o ${obj}
      DEPENDS ${src}
      DEPFILE ${obj}.d
      COMMENT "wasm32-wasi ${stem}.c (${target})"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${WISP_WASM_CC} ${target_flags} -mexec-model=reactor -Wl,--strip-debug ${objects} -o ${ARG_OUTPUT}
    DEPENDS ${objects}
    COMMENT "guest ${target} (C SDK, http ABI)"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${ARG_OUTPUT})
endfunction()
