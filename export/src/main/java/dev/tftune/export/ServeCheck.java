package dev.tftune.export;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tftune.TftuneException;
import dev.tftune.graph.DataTypes;
import dev.tftune.graph.Feeds;
import dev.tftune.savedmodel.LoadOptions;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.TensorInfo;
import dev.tftune.export.serving.PredictRequest;
import dev.tftune.export.serving.PredictionLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * Proves an export serves as TF Serving would serve it: loaded with TensorFlow's own loader
 * (tag {@code serve}, the highest numeric version of a base), every signature run on the
 * export's warm-up records with each output checked against its signature's dtype and shape,
 * and the {@code classify} or {@code regress} signature run on {@code tf.Example}s built from
 * the warm-up's predict requests, its scores compared with {@code serving_default}'s.
 *
 * <pre>{@code
 * ServeCheck.Report report = ServeCheck.run(Path.of("/models/fashion"));
 * }</pre>
 */
public final class ServeCheck {
  /** Largest difference allowed between signatures over the same examples. */
  static final double TOLERANCE = 1e-5;
  private static final String DEFAULT = "serving_default";

  /**
   * One signature's run.
   *
   * @param requests warm-up records run on it
   * @param examples examples in them, plus those built for the comparison
   * @param firstResult the first example's main outputs, for people to read
   * @param restBody a ready-to-send body for TF Serving's REST API
   */
  public record SignatureRun(SignatureInfo signature, int requests, int examples,
      String firstResult, String restBody) {}

  /**
   * What the check found.
   *
   * @param directory the version folder checked
   * @param runs one per signature, in key order
   * @param examplesMaxAbsDiff largest difference between the scores of the signature over
   *     examples and serving_default's on the same inputs; NaN when the export has neither
   *     classify nor regress
   * @param warnings what clients of the previous version would meet in this one
   */
  public record Report(Path directory, List<SignatureRun> runs, double examplesMaxAbsDiff,
      List<String> warnings) {}

  private final Path dir;
  private final Map<String, SignatureInfo> signatures;
  private final Session session;
  private final Map<String, int[]> counts = new LinkedHashMap<>();
  private final Map<String, String> firstResults = new LinkedHashMap<>();
  private final Map<String, String> bodies = new LinkedHashMap<>();
  private double maxDiff = Double.NaN;

  private ServeCheck(Path dir, Map<String, SignatureInfo> signatures, Session session) {
    this.dir = dir;
    this.signatures = signatures;
    this.session = session;
  }

  /**
   * Checks an export base (its highest version) or a version folder.
   *
   * @throws ExportException when the export has no warm-up records, a record names a
   *     signature it lacks, a signature fails or returns other dtypes or shapes than it
   *     declares, a signature is left without a record, or classify's scores differ from
   *     serving_default's
   */
  public static Report run(Path baseOrVersion) {
    return run(baseOrVersion, false);
  }

  /**
   * Checks an export, and with {@code trustModel} one whose graph has ops that act outside it
   * ({@link dev.tftune.savedmodel.ModelSafety}), which is refused otherwise.
   *
   * @see #run(Path)
   */
  public static Report run(Path baseOrVersion, boolean trustModel) {
    Path dir = ExportVersions.resolve(baseOrVersion);
    var metaGraph = MetaGraphs.read(dir, List.of("serve"));
    if (!trustModel) {
      dev.tftune.savedmodel.ModelSafety.requireSafe(metaGraph, dir);
    }
    Map<String, SignatureInfo> signatures = MetaGraphs.signatures(metaGraph);
    List<PredictionLog> logs = WarmupRequests.read(dir);
    if (logs.isEmpty()) {
      throw new ExportException(dir + " has no warm-up records (" + WarmupRequests.FOLDER + "/"
          + WarmupRequests.FILE + ")", "export the model again with tftune, which writes "
          + WarmupRequests.DEFAULT_RECORDS + " by default (--warmup-records N)");
    }
    try (SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve")
        .withConfigProto(LoadOptions.defaults().config()).load()) {
      ServeCheck check = new ServeCheck(dir, signatures, bundle.session());
      for (int i = 0; i < logs.size(); i++) {
        check.replay(i, logs.get(i));
      }
      List<SignatureRun> runs = new ArrayList<>();
      for (SignatureInfo s : signatures.values()) {
        int[] c = check.counts.get(s.key());
        if (c == null) {
          throw new ExportException("signature " + s.key() + " of " + dir + " has no warm-up "
              + "record, so TF Serving would not warm it up", "export the model again with "
              + "tftune, which writes records for every signature");
        }
        runs.add(new SignatureRun(s, c[0], c[1], check.firstResults.get(s.key()),
            check.bodies.get(s.key())));
      }
      return new Report(dir, runs, check.maxDiff, previousVersionChanges(dir, signatures));
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new ExportException("TensorFlow cannot load " + dir + ": "
          + TftuneException.firstLine(e.getMessage()), "export the model again", e);
    }
  }

  private void replay(int index, PredictionLog log) {
    if (log.hasPredictLog()) {
      PredictRequest request = log.getPredictLog().getRequest();
      String key = request.getModelSpec().getSignatureName().isEmpty() ? DEFAULT
          : request.getModelSpec().getSignatureName();
      SignatureInfo sig = signature(index, key);
      Map<String, Tensor> inputs = new LinkedHashMap<>();
      try {
        for (var e : request.getInputsMap().entrySet()) {
          inputs.put(e.getKey(), ServingTensors.fromProto(TensorProto.parseFrom(e.getValue())));
        }
        long rows = inputs.values().iterator().next().shape().size(0);
        Map<String, float[][]> out = runTensors(sig, inputs, (int) rows);
        bodies.putIfAbsent(key, RestBodies.predict(key, inputs));
        if (key.equals(DEFAULT)) {
          compareOverExamples(inputs, out, (int) rows);
        }
      } catch (InvalidProtocolBufferException e) {
        throw new ExportException("warm-up record " + index + " of " + dir + " holds a "
            + "damaged tensor", "export the model again", e);
      } finally {
        inputs.values().forEach(Tensor::close);
      }
    } else if (log.hasClassifyLog() || log.hasRegressLog()) {
      String key = (log.hasClassifyLog() ? log.getClassifyLog().getRequest().getModelSpec()
          : log.getRegressLog().getRequest().getModelSpec()).getSignatureName();
      SignatureInfo sig = signature(index, key.isEmpty() ? DEFAULT : key);
      List<ByteString> examples = WarmupRequests.examples(log);
      runExamples(sig, examples);
      bodies.putIfAbsent(sig.key(), RestBodies.examples(sig.key(), parse(examples)));
    } else {
      throw new ExportException("warm-up record " + index + " of " + dir + " is neither a "
          + "predict, classify nor regress request", "export the model again");
    }
  }

  private SignatureInfo signature(int index, String key) {
    SignatureInfo sig = signatures.get(key);
    if (sig == null) {
      throw new ExportException("warm-up record " + index + " of " + dir + " names signature "
          + key + ", which the export lacks", "export the model again");
    }
    return sig;
  }

  /** Runs a signature, checks its outputs, and returns its float outputs by key. */
  private Map<String, float[][]> runTensors(SignatureInfo sig, Map<String, Tensor> inputs,
      int rows) {
    try (Feeds feeds = Feeds.of(session)) {
      for (var e : inputs.entrySet()) {
        TensorInfo in = sig.inputs().get(e.getKey());
        if (in == null) {
          throw new ExportException("a warm-up request feeds " + e.getKey() + ", which "
              + sig.key() + " does not take (it takes " + sig.inputs().keySet() + ")",
              "export the model again");
        }
        feeds.runner().feed(in.name(), e.getValue());
      }
      List<String> keys = new ArrayList<>(sig.outputs().keySet());
      keys.forEach(k -> feeds.runner().fetch(sig.outputs().get(k).name()));
      try (Result r = feeds.runner().run()) {
        Map<String, float[][]> floats = new LinkedHashMap<>();
        Map<String, Tensor> byKey = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          Tensor t = r.get(i);
          checkOutput(sig, keys.get(i), t, rows);
          byKey.put(keys.get(i), t);
          if (t instanceof TFloat32 f) {
            floats.put(keys.get(i), dev.tftune.graph.Tensors.rows(f, rows));
          }
        }
        int[] c = counts.computeIfAbsent(sig.key(), k -> new int[2]);
        c[0]++;
        c[1] += rows;
        firstResults.putIfAbsent(sig.key(), OutputSummary.of(byKey));
        return floats;
      }
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw new ExportException("signature " + sig.key() + " of " + dir + " fails on its "
          + "warm-up records: " + TftuneException.firstLine(e.getMessage()),
          "report this as a tftune bug, with the base model's inspect output", e);
    }
  }

  private Map<String, float[][]> runExamples(SignatureInfo sig, List<ByteString> examples) {
    Map<String, Tensor> in = new LinkedHashMap<>();
    try (TString serialized = TString.tensorOfBytes(NdArrays.vectorOfObjects(
        examples.stream().map(ByteString::toByteArray).toArray(byte[][]::new)))) {
      in.put(ExampleSignatures.INPUTS, serialized);
      return runTensors(sig, in, examples.size());
    }
  }

  /** The signature over examples, on examples holding the request's inputs, vs its scores. */
  private void compareOverExamples(Map<String, Tensor> inputs, Map<String, float[][]> out,
      int rows) {
    SignatureInfo overExamples = signatures.values().stream()
        .filter(s -> s.methodName().equals(ExampleSignatures.CLASSIFY_METHOD)
            || s.methodName().equals(ExampleSignatures.REGRESS_METHOD)).findFirst().orElse(null);
    float[][] expected = out.containsKey("probabilities") ? out.get("probabilities")
        : out.get("predictions");
    if (overExamples == null || expected == null) {
      return;
    }
    List<ByteString> examples = new ArrayList<>();
    TensorInfo served = signatures.get(DEFAULT).inputs().values().iterator().next();
    if (inputs.size() == 1 && served.name().equals(
        overExamples.inputs().get(ExampleSignatures.INPUTS).name())) {
      // the model parses examples itself: serving_default's strings are the examples
      ((TString) inputs.values().iterator().next()).asBytes().scalars()
          .forEach(b -> examples.add(ByteString.copyFrom(b.getObject())));
    } else {
      ExampleFeatures.of(inputs).forEach(e -> examples.add(e.toByteString()));
    }
    Map<String, float[][]> got = runExamples(overExamples, examples);
    float[][] actual = got.containsKey("scores") ? got.get("scores") : got.get("outputs");
    double max = Double.isNaN(maxDiff) ? 0 : maxDiff;
    for (int i = 0; i < rows; i++) {
      for (int c = 0; c < expected[i].length; c++) {
        max = Math.max(max, Math.abs(expected[i][c] - actual[i][c]));
      }
    }
    maxDiff = max;
    if (!(max <= TOLERANCE)) {
      throw new ExportException(overExamples.key() + " of " + dir + " differs from "
          + DEFAULT + " by " + max + " on the same examples (tolerance " + TOLERANCE + ")",
          "report this as a tftune bug");
    }
  }

  private static void checkOutput(SignatureInfo sig, String key, Tensor t, int rows) {
    TensorInfo declared = sig.outputs().get(key);
    String dtype = DataTypes.name(t.dataType());
    long[] shape = t.shape().asArray();
    boolean fits = declared.shape() == null || declared.shape().length == shape.length;
    for (int d = 0; fits && declared.shape() != null && d < shape.length; d++) {
      fits = declared.shape()[d] < 0 || declared.shape()[d] == shape[d];
    }
    if (!dtype.equals(declared.dtype()) || !fits || shape.length == 0 || shape[0] != rows) {
      throw new ExportException("signature " + sig.key() + " returns " + key + " as " + dtype
          + t.shape() + " for " + rows + " examples, but declares " + declared.dtype()
          + declared.shapeString(), "report this as a tftune bug");
    }
  }

  private static List<Example> parse(List<ByteString> examples) {
    List<Example> out = new ArrayList<>();
    for (ByteString b : examples) {
      try {
        out.add(Example.parseFrom(b));
      } catch (InvalidProtocolBufferException e) {
        throw new ExportException("a warm-up record holds a damaged tf.Example",
            "export the model again", e);
      }
    }
    return out;
  }

  /** Breaking changes from the version below this one under the same base, if any. */
  private static List<String> previousVersionChanges(Path dir,
      Map<String, SignatureInfo> signatures) {
    Path base = dir.toAbsolutePath().getParent();
    String name = dir.getFileName().toString();
    if (base == null || !name.matches("\\d{1,18}")) {
      return List.of();
    }
    long version = Long.parseLong(name);
    List<Long> older = ExportVersions.versions(base).stream().filter(v -> v < version).toList();
    if (older.isEmpty()) {
      return List.of();
    }
    long previous = older.get(older.size() - 1);
    Map<String, SignatureInfo> before = MetaGraphs.signatures(MetaGraphs.read(
        base.resolve(Long.toString(previous)), List.of("serve")));
    return ExportVersions.breakingChanges(before, signatures).stream()
        .map(c -> "version " + version + " breaks clients of version " + previous + ": " + c)
        .toList();
  }
}
