# Memory planning (docs/memory-planning.md). Unit tests of the planner are in
# tests/unit/memory_*_test.cpp; these run the generated code.
set(TINYAOT_MEMORY_RUN ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_memory.py)
set(TINYAOT_MEMORY_WORK ${CMAKE_BINARY_DIR}/memory-tests)

# Every bundled model, float: the arena poisoned outside the tensors each node
# uses (--debug-poison), run under AddressSanitizer against ONNX Runtime.
file(GLOB TINYAOT_MEMORY_MODELS RELATIVE "${PROJECT_SOURCE_DIR}/models" CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/models/*.onnx")
foreach(model_file ${TINYAOT_MEMORY_MODELS})
  string(REGEX REPLACE "\\.onnx$" "" model "${model_file}")
  add_test(NAME "memory: asan ${model}"
           COMMAND ${TINYAOT_MEMORY_RUN} asan --tinyaot $<TARGET_FILE:tinyaot> --model ${model}
                   --work ${TINYAOT_MEMORY_WORK})
  set_tests_properties("memory: asan ${model}" PROPERTIES LABELS memory TIMEOUT 600)
endforeach()

# The same with inputs and outputs in the arena.
foreach(model branchy kws_dscnn ic_resnet8)
  add_test(NAME "memory: asan ${model} io-in-arena"
           COMMAND ${TINYAOT_MEMORY_RUN} asan --tinyaot $<TARGET_FILE:tinyaot> --model ${model}
                   --work ${TINYAOT_MEMORY_WORK} --flags=--io-in-arena)
  set_tests_properties("memory: asan ${model} io-in-arena" PROPERTIES LABELS memory TIMEOUT 600)
endforeach()

# int8 (post-training quantization): memory safety under poisoning; outputs
# only loosely against the float reference (quantization error).
foreach(spec "kws_dscnn:0.05" "vww_mobilenet_v1_025:0.05" "ic_resnet8:0.05" "ad_autoencoder:1" "branchy:0.5")
  string(REPLACE ":" ";" parts "${spec}")
  list(GET parts 0 model)
  list(GET parts 1 atol)
  add_test(NAME "memory: asan ${model} int8"
           COMMAND ${TINYAOT_MEMORY_RUN} asan --tinyaot $<TARGET_FILE:tinyaot> --model ${model}
                   --work ${TINYAOT_MEMORY_WORK} --atol ${atol} --rtol 0.05
                   "--flags=--quantize int8 --calibration ${PROJECT_SOURCE_DIR}/models/${model}_calib.npy")
  set_tests_properties("memory: asan ${model} int8" PROPERTIES LABELS memory TIMEOUT 900)
endforeach()

# In-place depthwise convolution (float and int8) against ONNX Runtime.
add_test(NAME "memory: in-place depthwise"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/dw_inplace.py --tinyaot $<TARGET_FILE:tinyaot>
                 --work ${TINYAOT_MEMORY_WORK}/dw)
add_test(NAME "memory: in-place depthwise int8"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/dw_inplace.py --tinyaot $<TARGET_FILE:tinyaot>
                 --work ${TINYAOT_MEMORY_WORK}/dw --int8)

# Pinned arena sizes (arena_budgets.json); arena == lower bound without in-place sharing.
add_test(NAME "memory: arena budgets"
         COMMAND ${TINYAOT_MEMORY_RUN} budgets --tinyaot $<TARGET_FILE:tinyaot> --work ${TINYAOT_MEMORY_WORK}/budgets)
# --arena-section / --weights-section with arm-none-eabi-g++, objdump and nm.
add_test(NAME "memory: linker sections"
         COMMAND ${TINYAOT_MEMORY_RUN} sections --tinyaot $<TARGET_FILE:tinyaot> --work ${TINYAOT_MEMORY_WORK})
# --arena external (two models, one arena) and --io-in-arena accessors.
add_test(NAME "memory: shared arena and io-in-arena"
         COMMAND ${TINYAOT_MEMORY_RUN} shared --tinyaot $<TARGET_FILE:tinyaot> --work ${TINYAOT_MEMORY_WORK})
set_tests_properties("memory: in-place depthwise" "memory: in-place depthwise int8" "memory: arena budgets"
                     "memory: linker sections" "memory: shared arena and io-in-arena"
                     PROPERTIES LABELS memory TIMEOUT 900)
