# Post-training int8 quantization, end to end: the float model and its int8
# quantization compiled, built with -Werror, run over real samples (see run_ptq.py).
set(TINYAOT_PTQ_CASES
  "digits_cnn|--io float"
  "digits_cnn_bn|--io float"
  "digits_cnn|--io int8"
  "digits_cnn_bn|--method mse"
  "kws_dscnn|--io float"
  "vww_mobilenet_v1_025|--io float"
  "ic_resnet8|--io float"
  "ad_autoencoder|--io float")
foreach(case ${TINYAOT_PTQ_CASES})
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 model)
  list(GET parts 1 opts)
  separate_arguments(opts)
  string(REPLACE ";" " " label "${opts}")
  string(REPLACE "--" "" label "${label}")
  string(REPLACE " " "_" workdir "${model}_${label}")
  add_test(NAME "ptq: ${model} (${label})"
           COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_ptq.py --tinyaot $<TARGET_FILE:tinyaot>
                   --model ${model} --work ${CMAKE_BINARY_DIR}/ptq/${workdir} ${opts})
  set_tests_properties("ptq: ${model} (${label})" PROPERTIES LABELS ptq TIMEOUT 900)
endforeach()

# Options, calibration data forms and errors, --io int8 macros, a float island run end
# to end, report contents, determinism and the progress line.
add_test(NAME "ptq: cli checks"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/cli_checks.py --tinyaot $<TARGET_FILE:tinyaot>
                 --work ${CMAKE_BINARY_DIR}/ptq/cli)
set_tests_properties("ptq: cli checks" PROPERTIES LABELS ptq TIMEOUT 600)
