package dev.tftune.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tftune.ConfigurationException;
import dev.tftune.data.Dataset;
import dev.tftune.data.ExamplePreparation;
import dev.tftune.data.RawImages;
import dev.tftune.export.serving.PredictionLog;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SignatureInfo;
import dev.tftune.savedmodel.Folders;
import dev.tftune.savedmodel.SavedModelWriter;
import dev.tftune.train.ServingEndpoints;
import dev.tftune.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.proto.Example;
import org.tensorflow.types.TString;

/**
 * Exports a fine-tuned classifier in TF Serving's layout, {@code <export-base>/<version>/}:
 * {@code saved_model.pb} with a {@code serving_default} signature (the base model's inputs ->
 * {@code probabilities}, {@code classes}, {@code class_names}; a regression's
 * {@code predictions}) and, where the inputs can be read from {@code tf.Example} features, a
 * {@code classify} (or, for one value, {@code regress}) signature for TF Serving's Classify and
 * Regress APIs; {@code assets.extra/tf_serving_warmup_requests} (see {@link WarmupRequests});
 * {@code variables/} holding the base's and the head's
 * variables only, {@code assets/labels.txt}, {@code assets/tftune.json} (how inputs were
 * prepared, from the training data's {@link dev.tftune.data.InputPreparation}, and what
 * trained) and the preparation's own files (a tokenizer's vocabulary). Everything is written
 * to a temporary folder beside the target, reloaded with TensorFlow's own loader and compared
 * with the in-memory model, its warm-up records replayed on every signature by
 * {@link ServeCheck}, and only then renamed into place.
 *
 * <pre>{@code
 * TrainedModel model = tuner.fit(data);
 * ExportResult export = ServingExporter.builder(model).exportBase(Path.of("/models/m")).build()
 *     .export();
 * }</pre>
 */
public final class ServingExporter {
  /** Key of the encoded-images input of {@code serving_default}, when there is one. */
  public static final String IMAGE_BYTES = "image_bytes";
  /** The signature over the base model's own inputs when serving_default takes encoded ones. */
  public static final String TENSOR_SIGNATURE = "predict_tensor";
  private static final Logger LOG = LoggerFactory.getLogger(ServingExporter.class);
  private static final double TOLERANCE = 1e-5;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Session session;
  private final ServingEndpoints endpoints;
  private final Path exportBase;
  private final Long version;
  private final boolean overwrite;
  private final Map<String, Object> metadata;
  private final Map<String, byte[]> assets;
  private final Output<?> encodedInput;
  private final Output<?> decodedInput;
  private final Dataset verificationData;
  private final int verificationExamples;
  private final int warmupRecords;
  private final RawImages warmupImages;

  private ServingExporter(Builder b) {
    this.session = b.model.base().session();
    this.endpoints = b.model.endpoints();
    this.exportBase = Objects.requireNonNull(b.exportBase, "export base folder is required");
    this.version = b.version;
    this.overwrite = b.overwrite;
    this.metadata = ExportMetadata.of(b.model);
    Map<String, byte[]> files = new LinkedHashMap<>(endpoints.preparation().assets());
    files.putAll(b.assets);
    this.assets = Map.copyOf(files);
    if (b.encodedInput != null && endpoints.inputs().size() != 1) {
      throw new ConfigurationException("encoded images need a model with one input, not "
          + endpoints.inputs().keySet(), "export a multi-input model without encodedImages");
    }
    this.encodedInput = b.encodedInput;
    this.decodedInput = b.decodedInput;
    // the trained model is compared on the data as evaluation sees it: an augmented data set
    // would give other images on each pass
    this.verificationData = (b.verificationData != null ? b.verificationData
        : b.model.verificationData()).forEvaluation();
    this.verificationExamples = b.verificationExamples;
    this.warmupRecords = b.warmupRecords;
    this.warmupImages = b.warmupImages;
    if (encodedInput != null && warmupRecords > 0 && warmupImages == null) {
      throw new ConfigurationException("an export that takes encoded images warms "
          + "serving_default up with image files, and none were given",
          "pass warmupImages(the training images), or warmupRecords(0) for no warm-up file");
    }
  }

  /** An exporter of a trained model: its graph, variables, classes and input preparation. */
  public static Builder builder(TrainedModel model) {
    return new Builder(Objects.requireNonNull(model, "trained model"));
  }

  /**
   * Writes, verifies and moves the export into place.
   *
   * @throws ExportException when the version exists (and overwriting was not asked) or the
   *     reloaded export differs from the in-memory model
   */
  public ExportResult export() {
    ExportBase base = ExportBase.of(exportBase);
    base.checkWritable(version, overwrite);
    Path tmp = null;
    try {
      tmp = base.newTemporary();
      List<String> variables = write(tmp);
      double diff = new ExportVerifier(session, endpoints).maxAbsDiff(tmp, verificationData,
          verificationExamples);
      if (!(diff <= TOLERANCE)) {
        throw new ExportException("the reloaded export differs from the trained model by "
            + diff + " (tolerance " + TOLERANCE + ")", "report this as a tftune bug");
      }
      Map<String, SignatureInfo> signatures = MetaGraphs.signatures(
          MetaGraphs.read(tmp, List.of("serve")));
      int records = WarmupRequests.read(tmp).size();
      if (records > 0) {
        ServeCheck.Report check = ServeCheck.run(tmp);
        LOG.info("warm-up: {} records; every signature ran on them{}", records,
            Double.isNaN(check.examplesMaxAbsDiff()) ? "" : String.format(java.util.Locale.ROOT,
                " (classify/regress vs serving_default: max abs diff %.2g)",
                check.examplesMaxAbsDiff()));
      }
      long v = base.publish(tmp, version, overwrite);
      Path target = exportBase.resolve(Long.toString(v));
      warnOfBreakingChanges(v, signatures);
      long bytes = Folders.size(target.resolve("variables"));
      LOG.info("exported {} variables ({} bytes) to {}; reloaded and verified (max abs diff {})",
          variables.size(), bytes, target, diff);
      return new ExportResult(target, v, diff, variables, bytes,
          List.copyOf(endpoints.inputs().keySet()), encodedInput != null,
          endpoints.inputs().entrySet().stream()
              .filter(e -> e.getValue().type() == org.tensorflow.types.TString.class)
              .map(java.util.Map.Entry::getKey).sorted().toList(),
          List.copyOf(signatures.keySet()), records);
    } catch (IOException e) {
      throw base.cannotWrite(e);
    } catch (UncheckedIOException e) {
      throw base.cannotWrite(e.getCause());
    } finally {
      Folders.delete(tmp);
    }
  }

  private List<String> write(Path dir) throws IOException {
    Map<String, Output<?>> outputs = new LinkedHashMap<>(endpoints.outputs());
    Output<?> classes = outputs.get("classes");
    if (outputs.containsKey("probabilities") && classes != null
        && classes.shape().numDimensions() == 1) {
      outputs.put(LabelNames.OUTPUT, LabelNames.lookup(session.graph(), classes,
          endpoints.classNames()));
    }
    Map<String, Object> meta = new LinkedHashMap<>(metadata);
    ExportMetadata.putEndpoints(meta, endpoints.classNames(),
        List.copyOf(endpoints.inputs().keySet()), endpoints.datasetKeys());
    SavedModelWriter writer = SavedModelWriter.of(session)
        .initialization(endpoints.baseInitialization());
    if (encodedInput == null) {
      writer.signature("serving_default", "tensorflow/serving/predict", endpoints.inputs(),
          outputs);
    } else {
      // serving_default decodes images in the graph; the tensor path stays as predict_tensor
      writer.signature("serving_default", "tensorflow/serving/predict",
          Map.of(IMAGE_BYTES, encodedInput), outputs);
      writer.signature(TENSOR_SIGNATURE, "tensorflow/serving/predict", endpoints.inputs(),
          outputs);
      writer.inputDefault(endpoints.inputs().values().iterator().next(), decodedInput);
    }
    ExampleSignatures.Built overExamples = examplesSignature();
    overExamples.signature().ifPresentOrElse(sig -> {
      writer.signature(sig.key(), sig.method(), sig.inputs(), sig.outputs());
      sig.inputDefaults().forEach(writer::inputDefault);
    }, () -> LOG.info("no classify or regress signature: {}", overExamples.reason()));
    writer
        .asset("labels.txt", (String.join("\n", endpoints.classNames()) + "\n")
            .getBytes(StandardCharsets.UTF_8))
        .asset(ExportedModel.METADATA, JSON.writeValueAsBytes(meta));
    assets.forEach(writer::asset);
    List<String> variables = writer.write(dir);
    if (warmupRecords > 0) {
      WarmupRequests.write(dir, warmup(overExamples.signature().orElse(null)));
    }
    return variables;
  }

  /** The classify (or regress) signature over serialized tf.Examples, or why there is none. */
  private ExampleSignatures.Built examplesSignature() {
    List<String> names = endpoints.outputs().containsKey("predictions") ? null
        : endpoints.classNames();
    if (endpoints.preparation() instanceof ExamplePreparation) {
      return ExampleSignatures.overModelExamples(session.graph(),
          endpoints.inputs().values().iterator().next(), endpoints.scores(), names);
    }
    Map<String, Output<?>> fed = encodedInput != null ? Map.of(IMAGE_BYTES, encodedInput)
        : endpoints.inputs();
    return ExampleSignatures.build(session.graph(), fed, endpoints.scores(), names);
  }

  /**
   * Warm-up requests from the first examples of the verification data: each example sent to
   * every signature, within TF Serving's limit of {@value WarmupRequests#MAX_RECORDS} records.
   */
  private List<PredictionLog> warmup(ExampleSignatures.Signature overExamples) {
    int perExample = (encodedInput != null ? 2 : 1) + (overExamples != null ? 1 : 0);
    int n = Math.min(Math.min(warmupRecords, verificationData.size()),
        WarmupRequests.MAX_RECORDS / perExample);
    if (encodedInput != null) {
      n = Math.min(n, warmupImages.count());
    }
    List<PredictionLog> logs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      TString png = null;
      try {
        verificationData.batch(new int[] {i}, 1).forEach((key, t) ->
            tensors.put(endpoints.datasetKeys().get(key), t));
        Map<String, Tensor> served = tensors;
        if (encodedInput != null) {
          logs.add(WarmupRequests.predict(TENSOR_SIGNATURE, tensors));
          png = TString.tensorOfBytes(NdArrays.vectorOfObjects(
              PngImages.encode(warmupImages, i)));
          served = Map.of(IMAGE_BYTES, png);
        }
        logs.add(WarmupRequests.predict("serving_default", served));
        if (overExamples != null) {
          logs.add(WarmupRequests.overExamples(overExamples.key(), overExamples.method(),
              examples(served)));
        }
      } finally {
        tensors.values().forEach(Tensor::close);
        if (png != null) {
          png.close();
        }
      }
    }
    return logs;
  }

  /** The examples that carry the inputs of serving_default. */
  private List<Example> examples(Map<String, Tensor> served) {
    if (!(endpoints.preparation() instanceof ExamplePreparation)) {
      return ExampleFeatures.of(served);
    }
    // the model parses examples itself: its one string input holds them already
    List<Example> out = new ArrayList<>();
    ((TString) served.values().iterator().next()).asBytes().scalars().forEach(s -> {
      try {
        out.add(Example.parseFrom(s.getObject()));
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new ExportException("an example of the data is not a tf.Example: "
            + e.getMessage(), "check the data's records", e);
      }
    });
    return out;
  }

  /** Logs what clients of the previous version would meet in this one. */
  private void warnOfBreakingChanges(long v, Map<String, SignatureInfo> signatures) {
    ExportVersions.versions(exportBase).stream().filter(old -> old < v)
        .reduce((a, b) -> b).ifPresent(previous -> ExportVersions.breakingChanges(
            MetaGraphs.signatures(MetaGraphs.read(exportBase.resolve(Long.toString(previous)),
                List.of("serve"))), signatures)
            .forEach(c -> LOG.warn("version {} breaks clients of version {}: {}", v, previous,
                c)));
  }

  /** Builder of {@link ServingExporter}. */
  public static final class Builder {
    private final TrainedModel model;
    private Path exportBase;
    private Long version;
    private boolean overwrite;
    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    private Output<?> encodedInput;
    private Output<?> decodedInput;
    private Dataset verificationData;
    private int verificationExamples = 16;
    private int warmupRecords = WarmupRequests.DEFAULT_RECORDS;
    private RawImages warmupImages;

    private Builder(TrainedModel model) {
      this.model = model;
    }

    /** The model's folder in TF Serving's model base path; versions go beneath it. */
    public Builder exportBase(Path dir) {
      this.exportBase = dir;
      return this;
    }

    /** The version folder; default one more than the largest present, or 1. */
    public Builder version(long version) {
      if (version < 1) {
        throw new ConfigurationException("export version " + version + " is not positive",
            "export as version(1) or higher");
      }
      this.version = version;
      return this;
    }

    /** Replace an existing version; off by default. */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * A file for {@code assets/} beside labels.txt, tftune.json and the input preparation's own
     * files (which the export carries without asking).
     */
    public Builder asset(String fileName, byte[] content) {
      if (fileName.equals("labels.txt") || fileName.equals(ExportedModel.METADATA)
          || fileName.contains("/")) {
        throw new ConfigurationException("asset name " + fileName + " is reserved or not a "
            + "plain file name", "name the asset with a plain file name other than labels.txt "
            + "and " + ExportedModel.METADATA);
      }
      assets.put(fileName, content.clone());
      return this;
    }

    /**
     * Lets {@code serving_default} take encoded images ({@value #IMAGE_BYTES}, a string per
     * image): {@code decoded} is computed from {@code bytes} in the graph and feeds the model's
     * single input. The model's own input stays available as {@value #TENSOR_SIGNATURE}.
     */
    public Builder encodedImages(Output<?> bytes, Output<?> decoded) {
      this.encodedInput = Objects.requireNonNull(bytes);
      this.decodedInput = Objects.requireNonNull(decoded);
      return this;
    }

    /**
     * Examples fed to both the export and the in-memory model, as evaluation sees them; the
     * first 16 are used. Default: the trained model's {@link TrainedModel#verificationData()}.
     */
    public Builder verifyWith(Dataset data) {
      this.verificationData = data;
      return this;
    }

    /**
     * How many examples TF Serving replays from {@code assets.extra/tf_serving_warmup_requests}
     * before it serves a version, each sent to every signature (default
     * {@value WarmupRequests#DEFAULT_RECORDS}; 0 writes no file; at most
     * {@value WarmupRequests#MAX_RECORDS}). They are the first examples of the verification
     * data.
     */
    public Builder warmupRecords(int n) {
      if (n < 0 || n > WarmupRequests.MAX_RECORDS) {
        throw new ConfigurationException(n + " warm-up records", "pass 0 to "
            + WarmupRequests.MAX_RECORDS + " (TF Serving reads at most "
            + WarmupRequests.MAX_RECORDS + ")");
      }
      this.warmupRecords = n;
      return this;
    }

    /**
     * The images whose PNG files warm up a {@code serving_default} over encoded images
     * (required with {@link #encodedImages} unless {@code warmupRecords(0)}).
     */
    public Builder warmupImages(RawImages images) {
      this.warmupImages = Objects.requireNonNull(images);
      return this;
    }

    public ServingExporter build() {
      return new ServingExporter(this);
    }
  }
}
