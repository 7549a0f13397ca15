# CMake toolchain file for TinyAOT RISC-V targets (riscv64-unknown-elf-gcc
# with picolibc; the target's cflags carry -march/-mabi and the picolibc specs).
#   cmake -DCMAKE_TOOLCHAIN_FILE=<repo>/targets/cmake/riscv.cmake \
#         -DTINYAOT_TARGET=riscv32imac ...
# Note: Debian ships no libstdc++ for this toolchain (C++ without the
# library, -fno-exceptions -fno-rtti, links with the C driver).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(TINYAOT_TARGET "riscv32imac" CACHE STRING "TinyAOT target: a targets/*.target name")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TINYAOT_TARGET)
include("${CMAKE_CURRENT_LIST_DIR}/TinyAOTTarget.cmake")

tinyaot_read_target("${TINYAOT_TARGET}" TINYAOT_T)
if(NOT TINYAOT_T_toolchain STREQUAL "riscv64-unknown-elf")
  message(FATAL_ERROR "TinyAOT: target ${TINYAOT_TARGET} uses toolchain '${TINYAOT_T_toolchain}', not riscv64-unknown-elf")
endif()

find_program(TINYAOT_RISCV_GCC riscv64-unknown-elf-gcc)
if(NOT TINYAOT_RISCV_GCC)
  message(FATAL_ERROR "TinyAOT: riscv64-unknown-elf-gcc not found: run scripts/setup.sh")
endif()
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_CXX_COMPILER riscv64-unknown-elf-g++)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_OBJCOPY riscv64-unknown-elf-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE riscv64-unknown-elf-size CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "${TINYAOT_T_cflags}")
set(CMAKE_CXX_FLAGS_INIT "${TINYAOT_T_cflags}")
set(CMAKE_ASM_FLAGS_INIT "${TINYAOT_T_cflags}")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
