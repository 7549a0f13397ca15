# CMake toolchain file for TinyAOT Arm Cortex-M targets.
#   cmake -DCMAKE_TOOLCHAIN_FILE=<repo>/targets/cmake/arm-none-eabi.cmake \
#         -DTINYAOT_TARGET=cortex-m4 ...
# CPU/ABI flags come from the `cflags` of targets/${TINYAOT_TARGET}.target.
# Use tinyaot_add_bsp() (TinyAOTTarget.cmake) to build QEMU test firmware.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(TINYAOT_TARGET "cortex-m4" CACHE STRING "TinyAOT target: a targets/*.target name")
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES TINYAOT_TARGET)
include("${CMAKE_CURRENT_LIST_DIR}/TinyAOTTarget.cmake")

tinyaot_read_target("${TINYAOT_TARGET}" TINYAOT_T)
if(NOT TINYAOT_T_toolchain STREQUAL "arm-none-eabi")
  message(FATAL_ERROR "TinyAOT: target ${TINYAOT_TARGET} uses toolchain '${TINYAOT_T_toolchain}', not arm-none-eabi")
endif()

find_program(TINYAOT_ARM_GCC arm-none-eabi-gcc)
if(NOT TINYAOT_ARM_GCC)
  message(FATAL_ERROR "TinyAOT: arm-none-eabi-gcc not found: run scripts/setup.sh")
endif()
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_OBJCOPY arm-none-eabi-objcopy CACHE FILEPATH "")
set(CMAKE_SIZE arm-none-eabi-size CACHE FILEPATH "")
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

set(CMAKE_C_FLAGS_INIT "${TINYAOT_T_cflags}")
set(CMAKE_CXX_FLAGS_INIT "${TINYAOT_T_cflags}")
set(CMAKE_ASM_FLAGS_INIT "${TINYAOT_T_cflags}")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
