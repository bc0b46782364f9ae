package dev.tftune.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.types.TString;

/**
 * Request bodies for TF Serving's REST API, in its row format: {@code {"instances": ...}} for
 * a predict signature, {@code {"examples": ...}} for classify and regress; bytes and strings as
 * {@code {"b64": ...}}, which TF Serving decodes for every string tensor and feature.
 */
final class RestBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RestBodies() {}

  /** A predict body, one instance per row of the tensors (by signature input key). */
  static String predict(String signature, Map<String, ? extends Tensor> inputs) {
    long rows = inputs.values().iterator().next().shape().size(0);
    List<Object> instances = new ArrayList<>();
    for (long r = 0; r < rows; r++) {
      if (inputs.size() == 1) {
        instances.add(row(inputs.values().iterator().next(), r));
      } else {
        Map<String, Object> instance = new LinkedHashMap<>();
        for (var e : inputs.entrySet()) {
          instance.put(e.getKey(), row(e.getValue(), r));
        }
        instances.add(instance);
      }
    }
    return write(signature, "instances", instances);
  }

  /** A classify or regress body over examples. */
  static String examples(String signature, List<Example> examples) {
    List<Object> rows = new ArrayList<>();
    for (Example example : examples) {
      Map<String, Object> row = new LinkedHashMap<>();
      new java.util.TreeMap<>(example.getFeatures().getFeatureMap())
          .forEach((k, f) -> row.put(k, values(f)));
      rows.add(row);
    }
    return write(signature, "examples", rows);
  }

  private static String write(String signature, String field, List<Object> rows) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("signature_name", signature);
    body.put(field, rows);
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object values(Feature f) {
    return switch (f.getKindCase()) {
      case FLOAT_LIST -> f.getFloatList().getValueList();
      case INT64_LIST -> f.getInt64List().getValueList();
      case BYTES_LIST -> f.getBytesList().getValueList().stream().map(RestBodies::b64).toList();
      default -> List.of();
    };
  }

  private static Object row(Tensor t, long r) {
    NdArray<?> all = t instanceof TString s ? s.asBytes() : (NdArray<?>) t;
    return nested(all.get(r));
  }

  private static Object nested(NdArray<?> a) {
    if (a.rank() == 0) {
      Object v = a.getObject();
      return v instanceof byte[] bytes ? b64(ByteString.copyFrom(bytes)) : v;
    }
    List<Object> out = new ArrayList<>();
    a.elements(0).forEach(e -> out.add(nested(e)));
    return out;
  }

  private static Map<String, String> b64(ByteString bytes) {
    return Map.of("b64", Base64.getEncoder().encodeToString(bytes.toByteArray()));
  }
}
