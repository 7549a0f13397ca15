# Helpers for TinyAOT target description files (targets/NAME.target).
#
#   tinyaot_read_target(<name-or-path> <prefix>)
#       sets <prefix>_<key> for every `key = value` line (e.g. TA_cflags).
#   tinyaot_add_bsp(<executable> TARGET <name> [MACHINE <qemu machine>])
#       turns an executable into QEMU test firmware: adds the BSP sources,
#       its include directory, the board linker script and link options.
#
# Included by the toolchain files arm-none-eabi.cmake and riscv.cmake.
include_guard(GLOBAL)
get_filename_component(TINYAOT_TARGETS_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

function(tinyaot_read_target name prefix)
  # The directory of this file, also when it was included in another scope.
  get_filename_component(TINYAOT_TARGETS_DIR "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/.." ABSOLUTE)
  if(EXISTS "${name}")
    set(path "${name}")
  else()
    set(path "${TINYAOT_TARGETS_DIR}/${name}.target")
  endif()
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "TinyAOT: unknown target '${name}' (no ${path})")
  endif()
  file(STRINGS "${path}" lines)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "#.*$" "" line "${line}")
    if(line MATCHES "^[ \t]*([A-Za-z0-9_]+)[ \t]*=[ \t]*(.*)$")
      string(STRIP "${CMAKE_MATCH_2}" value)
      set(${prefix}_${CMAKE_MATCH_1} "${value}" PARENT_SCOPE)
    elseif(NOT line MATCHES "^[ \t]*$")
      message(FATAL_ERROR "TinyAOT: ${path}: bad line '${line}'")
    endif()
  endforeach()
endfunction()

function(tinyaot_add_bsp exe)
  cmake_parse_arguments(ARG "" "TARGET;MACHINE" "" ${ARGN})
  tinyaot_read_target("${ARG_TARGET}" T)
  get_filename_component(bsp "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../bsp" ABSOLUTE)
  set(machine "${ARG_MACHINE}")
  if(NOT machine)
    set(machine "${T_qemu_machine}")
  endif()
  target_include_directories(${exe} PRIVATE "${bsp}")
  target_sources(${exe} PRIVATE "${bsp}/bsp_common.c" "${bsp}/${T_arch}/startup_${T_arch}.c")
  target_link_options(${exe} PRIVATE -nostartfiles -Wl,--gc-sections
                      "-L${bsp}/ld" "-T${machine}.ld")
  if(T_arch STREQUAL "arm")
    target_link_options(${exe} PRIVATE --specs=nano.specs --specs=nosys.specs)
  else()
    set_target_properties(${exe} PROPERTIES LINKER_LANGUAGE C)  # no libstdc++
  endif()
  target_link_libraries(${exe} PRIVATE m)
  set_target_properties(${exe} PROPERTIES SUFFIX ".elf"
                        LINK_DEPENDS "${bsp}/ld/${machine}.ld")
endfunction()
