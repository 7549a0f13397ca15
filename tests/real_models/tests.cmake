# Models in the forms real tools write them (issue 10, "Real models that must
# work"), against ONNX Runtime. The int8 ones (QOperator format, com.microsoft
# quantized ops, QDQ from a recent onnx, shared DequantizeLinears) run in
# tests/quant ("quant: QOperator and contrib models").

# Float: a Clip with a run-time min (openWakeWord's log-mel clipping), the
# com.microsoft FusedGemm/FusedConv/Gelu/FastGelu, quantize_dynamic's
# DynamicQuantizeLinear + MatMulInteger chains, IR 13 / opset 22, zero-element
# constants.
add_test(NAME "real models: float forms vs onnxruntime"
         COMMAND ${TINYAOT_PYTHON} ${CMAKE_CURRENT_LIST_DIR}/run_float_models.py
                 --tinyaot $<TARGET_FILE:tinyaot> --work ${CMAKE_BINARY_DIR}/real-models-float)
set_tests_properties("real models: float forms vs onnxruntime" PROPERTIES LABELS "e2e;conformance" TIMEOUT 900
                     SKIP_RETURN_CODE 77)
