package dev.tftune.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tftune.data.TfRecords;
import dev.tftune.export.serving.ClassificationRequest;
import dev.tftune.export.serving.ClassifyLog;
import dev.tftune.export.serving.ExampleList;
import dev.tftune.export.serving.Input;
import dev.tftune.export.serving.ModelSpec;
import dev.tftune.export.serving.PredictLog;
import dev.tftune.export.serving.PredictRequest;
import dev.tftune.export.serving.PredictionLog;
import dev.tftune.export.serving.RegressLog;
import dev.tftune.export.serving.RegressionRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.proto.Example;

/**
 * TF Serving's warm-up file, {@code assets.extra/tf_serving_warmup_requests}: a TFRecord file
 * of {@code PredictionLog}s that TF Serving replays when it loads a version, before it takes
 * traffic, so that the first client request does not pay for graph optimization and memory
 * allocation.
 */
public final class WarmupRequests {
  /** The folder beside {@code assets/} that TF Serving reads the file from. */
  public static final String FOLDER = "assets.extra";
  /** The file's name, fixed by TF Serving. */
  public static final String FILE = "tf_serving_warmup_requests";
  /** Examples an export replays by default. */
  public static final int DEFAULT_RECORDS = 10;
  /** TF Serving reads at most this many records. */
  public static final int MAX_RECORDS = 1000;

  private WarmupRequests() {}

  /** The warm-up file of an export version folder. */
  public static Path file(Path exportDir) {
    return exportDir.resolve(FOLDER).resolve(FILE);
  }

  /** A predict request for a signature, its tensors by signature input key. */
  static PredictionLog predict(String signature, Map<String, ? extends Tensor> inputs) {
    PredictRequest.Builder request = PredictRequest.newBuilder()
        .setModelSpec(ModelSpec.newBuilder().setSignatureName(signature));
    inputs.forEach((key, t) -> request.putInputs(key,
        ServingTensors.toProto(t).toByteString()));
    return PredictionLog.newBuilder().setPredictLog(PredictLog.newBuilder()
        .setRequest(request)).build();
  }

  /** A Classify or Regress request over examples, by the signature's method. */
  static PredictionLog overExamples(String signature, String method, List<Example> examples) {
    ModelSpec spec = ModelSpec.newBuilder().setSignatureName(signature).build();
    ExampleList.Builder list = ExampleList.newBuilder();
    examples.forEach(e -> list.addExamples(e.toByteString()));
    Input input = Input.newBuilder().setExampleList(list).build();
    if (method.equals(ExampleSignatures.REGRESS_METHOD)) {
      return PredictionLog.newBuilder().setRegressLog(RegressLog.newBuilder().setRequest(
          RegressionRequest.newBuilder().setModelSpec(spec).setInput(input))).build();
    }
    return PredictionLog.newBuilder().setClassifyLog(ClassifyLog.newBuilder().setRequest(
        ClassificationRequest.newBuilder().setModelSpec(spec).setInput(input))).build();
  }

  /** Writes the records into an export folder being built. */
  static void write(Path exportDir, List<PredictionLog> logs) throws IOException {
    Files.createDirectories(exportDir.resolve(FOLDER));
    List<byte[]> records = new ArrayList<>();
    logs.forEach(l -> records.add(l.toByteArray()));
    TfRecords.write(file(exportDir), records);
  }

  /**
   * The records of an export's warm-up file; empty when it has none.
   *
   * @throws ExportException when a record is not a PredictionLog
   */
  public static List<PredictionLog> read(Path exportDir) {
    Path file = file(exportDir);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<PredictionLog> logs = new ArrayList<>();
    List<byte[]> records = TfRecords.read(file);
    for (int i = 0; i < records.size(); i++) {
      try {
        logs.add(PredictionLog.parseFrom(records.get(i)));
      } catch (InvalidProtocolBufferException e) {
        throw new ExportException("record " + i + " of " + file + " is not a PredictionLog: "
            + e.getMessage(), "export the model again to rewrite its warm-up file", e);
      }
    }
    return logs;
  }

  /** The examples of a Classify or Regress log. */
  static List<ByteString> examples(PredictionLog log) {
    Input input = log.hasClassifyLog() ? log.getClassifyLog().getRequest().getInput()
        : log.getRegressLog().getRequest().getInput();
    return input.getExampleList().getExamplesList();
  }
}
