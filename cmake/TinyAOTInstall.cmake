# Install rules (included by the top-level CMakeLists.txt):
#   bin/tinyaot                               the compiler
#   lib/cmake/TinyAOT/                        TinyAOTConfig.cmake, version file, TinyAOT.cmake
#   share/tinyaot/targets/                    NAME.target files, cmake/ toolchain files,
#                                             bsp/ and qemu/ (to run firmware under QEMU)
#   share/doc/TinyAOT/                        the docs
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TINYAOT_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/TinyAOT")
set(TINYAOT_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/tinyaot")

install(TARGETS tinyaot RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY targets/ DESTINATION ${TINYAOT_INSTALL_DATADIR}/targets
        PATTERN "__pycache__" EXCLUDE PATTERN "*.pyc" EXCLUDE)

configure_package_config_file(cmake/TinyAOTConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/package/TinyAOTConfig.cmake"
  INSTALL_DESTINATION ${TINYAOT_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_BINDIR TINYAOT_INSTALL_DATADIR)
# ARCH_INDEPENDENT: the package is a host tool plus CMake code, so a cross
# build (32-bit target) must accept it.
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/package/TinyAOTConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/package/TinyAOTConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/package/TinyAOTConfigVersion.cmake"
              cmake/TinyAOT.cmake
        DESTINATION ${TINYAOT_INSTALL_CMAKEDIR})
