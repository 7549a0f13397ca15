# Writes OUTPUT, a C++ file embedding every targets/*.target description as a
# string, so the installed compiler knows its targets without a source tree.
# Run in script mode:
#   cmake -DTARGET_DIR=... -DOUTPUT=... -P EmbedTargets.cmake
file(GLOB files RELATIVE "${TARGET_DIR}" "${TARGET_DIR}/*.target")
list(SORT files)
set(body "// Generated from targets/*.target by cmake/EmbedTargets.cmake. Do not edit.\n")
string(APPEND body "namespace tinyaot {\nstruct EmbeddedTarget { const char* name; const char* text; };\n")
string(APPEND body "extern const EmbeddedTarget kTargetFiles[];\nextern const int kNumTargetFiles;\n")
string(APPEND body "const EmbeddedTarget kTargetFiles[] = {\n")
set(count 0)
foreach(f ${files})
  file(READ "${TARGET_DIR}/${f}" text)
  string(REGEX REPLACE "\\.target$" "" name "${f}")
  string(APPEND body "  {\"${name}\", R\"TATARGET(${text})TATARGET\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "EmbedTargets: no .target files in ${TARGET_DIR}")
endif()
string(APPEND body "};\nconst int kNumTargetFiles = ${count};\n}  // namespace tinyaot\n")
# Only touch the output when it changes, to keep rebuilds minimal.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL body)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${body}")
