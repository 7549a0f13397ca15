# TinyAOT's CMake API: compile an ONNX model into a static library at build time.
#
#   find_package(TinyAOT REQUIRED)        # an installed TinyAOT, or:
#   add_subdirectory(path/to/tinyaot)     # this source tree (also in a cross build)
#
#   tinyaot_add_model(<lib> MODEL <model.onnx>
#                     [TARGET <target name or path/to/NAME.target>]
#                     [NAME <C identifier>] [ARENA static|external]
#                     [QUANTIZE int8 CALIBRATION <data>...]
#                     [ARENA_SECTION <section>] [WEIGHTS_SECTION <section>]
#                     [OUTPUT_DIR <dir>] [REPORT <file.json|file.html>]
#                     [QUANT_REPORT <file>] [OPTIMIZE <flags>|OFF]
#                     [OPTIONS <more 'tinyaot compile' options>...])
#   target_link_libraries(firmware PRIVATE <lib>)
#
# <lib> is a static library holding the generated NAME.cpp; its include
# directory (NAME.h) is PUBLIC. Defaults: TARGET = ${TINYAOT_TARGET} when set
# (the TinyAOT toolchain files set it), else no --target; NAME = <lib> as a C
# identifier; ARENA static; OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR}/tinyaot/<lib>.
# REPORT (the memory plan) and QUANT_REPORT (int8 scales and SQNR) are written
# at build time; relative paths are under CMAKE_CURRENT_BINARY_DIR. The build
# prints one line per model: arena, constant data, and the int8 SQNR.
# The properties TINYAOT_NAME and TINYAOT_HEADER of <lib> give the symbol
# prefix and the header path.
#
# Optimization: the generated NAME.cpp is compiled with OPTIMIZE (default
# ${TINYAOT_MODEL_OPTIMIZE}, else -O2 with GCC and Clang, /O2 with MSVC) in
# every configuration whose flags set no optimization level (no
# CMAKE_BUILD_TYPE, Debug): a model at -O0 runs several times slower.
# Configurations that set one (Release, MinSizeRel, ...) keep theirs.
# OPTIMIZE OFF leaves the flags alone.
#
# Generation reruns only when the model, the calibration data, a target file
# given by path, the options (a stamp file) or the compiler change.
#
# Which compiler: TINYAOT_EXECUTABLE if set; else the `tinyaot` target of the
# same build (a host build that contains this tree); else the installed one
# (find_package); else, in a cross build that added this source tree, the
# compiler is built for the host with ExternalProject (never with the cross
# toolchain); else `tinyaot` from PATH.
include_guard(GLOBAL)

# What the functions need is kept in global properties, because this file
# may be included in a subdirectory (add_subdirectory) whose variables the
# caller does not see.
get_filename_component(_tinyaot_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(EXISTS "${_tinyaot_root}/compiler/driver/main.cpp")  # a source tree
  set_property(GLOBAL PROPERTY TINYAOT_SOURCE_ROOT "${_tinyaot_root}")
  if(NOT TINYAOT_TARGETS_DIR)
    set(TINYAOT_TARGETS_DIR "${_tinyaot_root}/targets")
  endif()
endif()
if(_TINYAOT_INSTALLED_EXECUTABLE)  # set by TinyAOTConfig.cmake
  set_property(GLOBAL PROPERTY TINYAOT_INSTALLED_EXECUTABLE "${_TINYAOT_INSTALLED_EXECUTABLE}")
endif()
# tinyaot_read_target() and tinyaot_add_bsp() (QEMU test firmware).
if(TINYAOT_TARGETS_DIR AND EXISTS "${TINYAOT_TARGETS_DIR}/cmake/TinyAOTTarget.cmake")
  include("${TINYAOT_TARGETS_DIR}/cmake/TinyAOTTarget.cmake")
endif()

# Sets <out_exe> to the compiler's path (or generator expression) and
# <out_deps> to what a custom command must depend on to rerun when it changes.
function(_tinyaot_compiler out_exe out_deps)
  get_property(installed GLOBAL PROPERTY TINYAOT_INSTALLED_EXECUTABLE)
  get_property(source_root GLOBAL PROPERTY TINYAOT_SOURCE_ROOT)
  if(TINYAOT_EXECUTABLE)
    set(exe "${TINYAOT_EXECUTABLE}")
    set(deps "${TINYAOT_EXECUTABLE}")
  elseif(TARGET tinyaot)
    set(exe "$<TARGET_FILE:tinyaot>")
    set(deps tinyaot)
  elseif(installed)
    set(exe "${installed}")
    set(deps "${installed}")
  elseif(source_root)
    set(host_dir "${CMAKE_BINARY_DIR}/tinyaot-host")
    set(exe "${host_dir}/tinyaot")
    if(NOT TARGET tinyaot_host)
      include(ExternalProject)
      # A separate host build of the compiler: no toolchain file is passed on.
      ExternalProject_Add(tinyaot_host
        SOURCE_DIR "${source_root}"
        BINARY_DIR "${host_dir}"
        CMAKE_ARGS -DCMAKE_BUILD_TYPE=Release -DTINYAOT_BUILD_TESTS=OFF
        BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target tinyaot
        INSTALL_COMMAND ""
        BUILD_ALWAYS ON
        BUILD_BYPRODUCTS "${exe}")
    endif()
    set(deps tinyaot_host "${exe}")
  else()
    find_program(TINYAOT_FOUND_EXECUTABLE tinyaot)
    if(NOT TINYAOT_FOUND_EXECUTABLE)
      message(FATAL_ERROR "tinyaot_add_model: no TinyAOT compiler: set TINYAOT_EXECUTABLE, "
                          "use find_package(TinyAOT) or add_subdirectory() of the TinyAOT source tree")
    endif()
    set(exe "${TINYAOT_FOUND_EXECUTABLE}")
    set(deps "${TINYAOT_FOUND_EXECUTABLE}")
  endif()
  set(${out_exe} "${exe}" PARENT_SCOPE)
  set(${out_deps} "${deps}" PARENT_SCOPE)
endfunction()

# The optimization flags for generated model sources of <lib> (see above).
function(_tinyaot_optimize lib optimize)
  if(optimize STREQUAL "OFF")
    return()
  endif()
  if(NOT optimize)
    if(DEFINED TINYAOT_MODEL_OPTIMIZE)
      set(optimize "${TINYAOT_MODEL_OPTIMIZE}")
    elseif(CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang|AppleClang)$")
      set(optimize -O2)
    elseif(CMAKE_CXX_COMPILER_ID STREQUAL "MSVC")
      set(optimize /O2)
    else()
      return()  # unknown compiler: its own flags
    endif()
    if(optimize STREQUAL "OFF")
      return()
    endif()
  endif()
  # The configurations whose flags choose no optimization level.
  set(level_regex "(^| )[-/]O")
  if(NOT CMAKE_CONFIGURATION_TYPES)
    set(flags "${CMAKE_CXX_FLAGS}")
    if(CMAKE_BUILD_TYPE)
      string(TOUPPER "${CMAKE_BUILD_TYPE}" upper)
      string(APPEND flags " ${CMAKE_CXX_FLAGS_${upper}}")
    endif()
    if(NOT flags MATCHES "${level_regex}")
      target_compile_options(${lib} PRIVATE ${optimize})
    endif()
    return()
  endif()
  set(unoptimized "")
  foreach(config IN LISTS CMAKE_CONFIGURATION_TYPES)
    string(TOUPPER "${config}" upper)
    if(NOT "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${upper}}" MATCHES "${level_regex}")
      list(APPEND unoptimized "${config}")
    endif()
  endforeach()
  if(unoptimized)
    string(REPLACE ";" "," unoptimized "${unoptimized}")
    string(REPLACE ";" "$<SEMICOLON>" optimize "${optimize}")
    target_compile_options(${lib} PRIVATE "$<$<CONFIG:${unoptimized}>:${optimize}>")
  endif()
endfunction()

function(tinyaot_add_model lib)
  set(one_value MODEL TARGET NAME ARENA QUANTIZE ARENA_SECTION WEIGHTS_SECTION OUTPUT_DIR REPORT QUANT_REPORT)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "${one_value}" "CALIBRATION;OPTIONS;OPTIMIZE")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "tinyaot_add_model(${lib}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "tinyaot_add_model(${lib}): MODEL <file.onnx> is required")
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${model}")
    message(FATAL_ERROR "tinyaot_add_model(${lib}): model ${model} not found")
  endif()
  # OPTIONS must not set what a keyword sets: the command line would hold both.
  set(keyword_of_--target TARGET)
  set(keyword_of_--name NAME)
  set(keyword_of_--arena ARENA)
  set(keyword_of_--quantize QUANTIZE)
  set(keyword_of_--calibration CALIBRATION)
  set(keyword_of_--arena-section ARENA_SECTION)
  set(keyword_of_--weights-section WEIGHTS_SECTION)
  set(keyword_of_-o OUTPUT_DIR)
  set(keyword_of_--output-dir OUTPUT_DIR)
  set(keyword_of_--report REPORT)
  set(keyword_of_--quant-report QUANT_REPORT)
  foreach(option IN LISTS ARG_OPTIONS)
    string(REGEX REPLACE "=.*" "" flag "${option}")
    if(DEFINED keyword_of_${flag})
      message(FATAL_ERROR "tinyaot_add_model(${lib}): OPTIONS ${option}: use the ${keyword_of_${flag}} keyword "
                          "of tinyaot_add_model() instead")
    endif()
  endforeach()
  set(name "${ARG_NAME}")
  if(NOT name)
    string(MAKE_C_IDENTIFIER "${lib}" name)
  endif()
  set(arena "${ARG_ARENA}")
  if(NOT arena)
    set(arena static)
  endif()
  if(NOT arena MATCHES "^(static|external)$")
    message(FATAL_ERROR "tinyaot_add_model(${lib}): ARENA must be static or external, not '${arena}'")
  endif()
  if(ARG_QUANTIZE AND NOT ARG_CALIBRATION)
    message(FATAL_ERROR "tinyaot_add_model(${lib}): QUANTIZE ${ARG_QUANTIZE} needs CALIBRATION <data>")
  endif()
  if(NOT ARG_QUANTIZE)
    foreach(keyword CALIBRATION QUANT_REPORT)
      if(ARG_${keyword})
        message(FATAL_ERROR "tinyaot_add_model(${lib}): ${keyword} needs QUANTIZE int8")
      endif()
    endforeach()
  endif()
  set(dir "${ARG_OUTPUT_DIR}")
  if(NOT dir)
    set(dir "${CMAKE_CURRENT_BINARY_DIR}/tinyaot/${lib}")
  endif()

  # No --quiet: the build log shows one summary line per model (and warnings).
  set(args compile "${model}" -o "${dir}" --name "${name}" --arena "${arena}")
  set(inputs "${model}")
  set(outputs "")
  set(target_note "")
  set(target "${ARG_TARGET}")
  if(NOT target AND DEFINED TINYAOT_TARGET)
    set(target "${TINYAOT_TARGET}")
  endif()
  if(target)
    if(target MATCHES "/|\\.target$")  # a path to a target file
      get_filename_component(target "${target}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
      list(APPEND inputs "${target}")
    endif()
    list(APPEND args --target "${target}")
    set(target_note " for ${target}")
  endif()
  if(ARG_QUANTIZE)
    list(APPEND args --quantize "${ARG_QUANTIZE}")
  endif()
  foreach(item IN LISTS ARG_CALIBRATION)
    # FILE, or INPUT=FILE for one input of a multi-input model.
    set(prefix "")
    set(path "${item}")
    if(item MATCHES "^([^=/]+)=(.+)$")
      set(prefix "${CMAKE_MATCH_1}=")
      set(path "${CMAKE_MATCH_2}")
    endif()
    get_filename_component(path "${path}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${path}")
      message(FATAL_ERROR "tinyaot_add_model(${lib}): calibration data ${path} not found")
    endif()
    if(IS_DIRECTORY "${path}")
      file(GLOB_RECURSE files CONFIGURE_DEPENDS "${path}/*")
      list(APPEND inputs ${files})
    else()
      list(APPEND inputs "${path}")
    endif()
    list(APPEND args --calibration "${prefix}${path}")
  endforeach()
  if(ARG_ARENA_SECTION)
    list(APPEND args --arena-section "${ARG_ARENA_SECTION}")
  endif()
  if(ARG_WEIGHTS_SECTION)
    list(APPEND args --weights-section "${ARG_WEIGHTS_SECTION}")
  endif()
  if(ARG_REPORT)
    # The formats 'tinyaot compile --report' writes (kMemoryReportExtensions).
    if(NOT ARG_REPORT MATCHES "\\.(json|html)$")
      message(FATAL_ERROR "tinyaot_add_model(${lib}): REPORT ${ARG_REPORT}: the file name must end in .json or "
                          ".html (the format follows the extension)")
    endif()
    get_filename_component(report "${ARG_REPORT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND args --report "${report}")
    list(APPEND outputs "${report}")
  endif()
  if(ARG_QUANT_REPORT)
    get_filename_component(quant_report "${ARG_QUANT_REPORT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND args --quant-report "${quant_report}")
    list(APPEND outputs "${quant_report}")
  endif()
  list(APPEND args ${ARG_OPTIONS})

  # The options stamp: rewritten only when the command line changes, so that
  # every generator reruns the compiler after an option change.
  string(REPLACE ";" "\n" stamp_text "${args}")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/tinyaot/${lib}.options")
  file(CONFIGURE OUTPUT "${stamp}" CONTENT "${stamp_text}\n" @ONLY)

  _tinyaot_compiler(exe exe_deps)
  set(header "${dir}/${name}.h")
  set(source "${dir}/${name}.cpp")
  add_custom_command(
    OUTPUT "${header}" "${source}" ${outputs}
    COMMAND "${exe}" ${args}
    DEPENDS ${inputs} "${stamp}" ${exe_deps}
    COMMENT "TinyAOT: compiling ${ARG_MODEL} into ${name}.h/.cpp${target_note}"
    VERBATIM)

  add_library(${lib} STATIC "${source}" "${header}")
  target_include_directories(${lib} PUBLIC "$<BUILD_INTERFACE:${dir}>")
  target_compile_features(${lib} PRIVATE cxx_std_11)
  # The generated code needs neither exceptions nor RTTI.
  target_compile_options(${lib} PRIVATE
    "$<$<COMPILE_LANG_AND_ID:CXX,GNU,Clang,AppleClang>:-fno-exceptions;-fno-rtti>")
  _tinyaot_optimize(${lib} "${ARG_OPTIMIZE}")
  set_target_properties(${lib} PROPERTIES TINYAOT_NAME "${name}" TINYAOT_HEADER "${header}")
endfunction()
