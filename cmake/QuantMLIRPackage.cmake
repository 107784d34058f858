# QuantMLIRPackage.cmake - the CMake package `QuantMLIR` for embedders.
#
# Included by the top-level CMakeLists.txt after lib/ and tools/. The libraries
# (quant_add_library) and tools put themselves into the export set
# `QuantMLIRTargets`; this file adds the headers and writes
#   <prefix>/lib/cmake/QuantMLIR/QuantMLIRConfig.cmake
#   <prefix>/lib/cmake/QuantMLIR/QuantMLIRConfigVersion.cmake
#   <prefix>/lib/cmake/QuantMLIR/QuantMLIRTargets*.cmake
# so that, after `cmake --install build --prefix P`,
#   find_package(QuantMLIR REQUIRED)   # -DCMAKE_PREFIX_PATH=P
#   target_link_libraries(app PRIVATE QuantMLIR::QuantMLIRRegistration)
# works. The same config is written into <build>/lib/cmake/QuantMLIR, so an
# embedder can also use a build tree directly (-DQuantMLIR_DIR=...).

include(CMakePackageConfigHelpers)

set(QUANT_MLIR_VERSION 0.1.0)
set(QUANT_MLIR_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/QuantMLIR)
set(QUANT_MLIR_BUILD_CMAKEDIR ${PROJECT_BINARY_DIR}/lib/cmake/QuantMLIR)

# QuantMLIRMath is a plain add_library (it has no MLIR dependency); every
# other library comes through quant_add_library, which installs it.
get_property(QUANT_MLIR_EXPORTED_LIBRARIES GLOBAL
  PROPERTY QUANT_MLIR_EXPORTED_LIBRARIES)
if(TARGET QuantMLIRMath AND NOT QuantMLIRMath IN_LIST QUANT_MLIR_EXPORTED_LIBRARIES)
  install(TARGETS QuantMLIRMath EXPORT QuantMLIRTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  list(PREPEND QUANT_MLIR_EXPORTED_LIBRARIES QuantMLIRMath)
endif()

# Everything `cmake --install` copies (check-quant-embed depends on these).
set(QUANT_MLIR_INSTALLED_TARGETS ${QUANT_MLIR_EXPORTED_LIBRARIES})
foreach(tool quant-opt quant-run quant-translate)
  if(TARGET ${tool})
    list(APPEND QUANT_MLIR_INSTALLED_TARGETS ${tool})
  endif()
endforeach()

# Headers: the handwritten ones (and the .td they come from, for embedders
# writing their own ODS against ours) and the generated declarations.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/QuantMLIR
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h" PATTERN "*.td")
install(DIRECTORY ${PROJECT_BINARY_DIR}/include/QuantMLIR
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h.inc"
  PATTERN "CMakeFiles" EXCLUDE)

# The export set, for the install tree and for the build tree.
install(EXPORT QuantMLIRTargets
  NAMESPACE QuantMLIR::
  DESTINATION ${QUANT_MLIR_INSTALL_CMAKEDIR})
export(EXPORT QuantMLIRTargets
  NAMESPACE QuantMLIR::
  FILE ${QUANT_MLIR_BUILD_CMAKEDIR}/QuantMLIRTargets.cmake)

# One config for both trees: it only refers to its own directory and to the
# MLIR this build used (MLIR_DIR), which an embedder may override.
set(QUANT_MLIR_CONFIG_MLIR_DIR ${MLIR_DIR})
configure_file(${CMAKE_CURRENT_LIST_DIR}/QuantMLIRConfig.cmake.in
  ${QUANT_MLIR_BUILD_CMAKEDIR}/QuantMLIRConfig.cmake @ONLY)
write_basic_package_version_file(
  ${QUANT_MLIR_BUILD_CMAKEDIR}/QuantMLIRConfigVersion.cmake
  VERSION ${QUANT_MLIR_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${QUANT_MLIR_BUILD_CMAKEDIR}/QuantMLIRConfig.cmake
  ${QUANT_MLIR_BUILD_CMAKEDIR}/QuantMLIRConfigVersion.cmake
  DESTINATION ${QUANT_MLIR_INSTALL_CMAKEDIR})
