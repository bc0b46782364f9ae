package dev.tftune.savedmodel;

import java.util.Map;

/** One SignatureDef: its method and its named inputs and outputs, in key order. */
public record SignatureInfo(String key, String methodName, Map<String, TensorInfo> inputs,
    Map<String, TensorInfo> outputs) {

  public SignatureInfo {
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
  }
}
