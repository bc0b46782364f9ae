package dev.tftune.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tftune.data.Dataset;
import dev.tftune.savedmodel.Folders;
import dev.tftune.savedmodel.SavedModelWriter;
import dev.tftune.train.ServingEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a fine-tuned classifier in TF Serving's layout, {@code <export-base>/<version>/}:
 * {@code saved_model.pb} with a {@code serving_default} signature (the base model's inputs ->
 * {@code probabilities}, {@code classes}), {@code variables/} holding the base's and the head's
 * variables only, {@code assets/labels.txt} and {@code assets/tftune.json} (how inputs were
 * prepared). Everything is written to a temporary folder beside the target, reloaded with
 * TensorFlow's own loader and compared with the in-memory model, and only then renamed into
 * place.
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

  private ServingExporter(Builder b) {
    this.session = Objects.requireNonNull(b.session, "session is required");
    this.endpoints = Objects.requireNonNull(b.endpoints, "endpoints are required");
    this.exportBase = Objects.requireNonNull(b.exportBase, "export base folder is required");
    this.version = b.version;
    this.overwrite = b.overwrite;
    this.metadata = Map.copyOf(b.metadata);
    this.assets = Map.copyOf(b.assets);
    if (b.encodedInput != null && endpoints.inputs().size() != 1) {
      throw new IllegalArgumentException("encoded images need a model with one input, not "
          + endpoints.inputs().keySet());
    }
    this.encodedInput = b.encodedInput;
    this.decodedInput = b.decodedInput;
    this.verificationData = Objects.requireNonNull(b.verificationData,
        "verification data is required");
    this.verificationExamples = b.verificationExamples;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Writes, verifies and moves the export into place.
   *
   * @throws ExportException when the version exists (and overwriting was not asked) or the
   *     reloaded export differs from the in-memory model
   */
  public ExportResult export() {
    long v = version != null ? version : nextVersion();
    Path target = exportBase.resolve(Long.toString(v));
    if (Files.exists(target) && !overwrite) {
      throw new ExportException("export version " + target + " exists already",
          "pass --version " + nextVersion() + " or --overwrite to replace it");
    }
    Path tmp = exportBase.resolve(".tmp-" + v + "-" + UUID.randomUUID());
    try {
      Files.createDirectories(exportBase);
      List<String> variables = write(tmp);
      double diff = new ExportVerifier(session, endpoints).maxAbsDiff(tmp, verificationData,
          verificationExamples);
      if (!(diff <= TOLERANCE)) {
        throw new ExportException("the reloaded export differs from the trained model by "
            + diff + " (tolerance " + TOLERANCE + ")", "report this as a tftune bug");
      }
      moveIntoPlace(tmp, target);
      long bytes = Folders.size(target.resolve("variables"));
      LOG.info("exported {} variables ({} bytes) to {}; reloaded and verified (max abs diff {})",
          variables.size(), bytes, target, diff);
      return new ExportResult(target, v, diff, variables, bytes, nextCommands(target));
    } catch (IOException e) {
      throw new ExportException("cannot write the export under " + exportBase + ": " + e,
          "check that the folder is writable and the disk has space", e);
    } finally {
      Folders.delete(tmp);
    }
  }

  private List<String> write(Path dir) throws IOException {
    Map<String, Output<?>> outputs = new LinkedHashMap<>();
    outputs.put("probabilities", endpoints.probabilities());
    outputs.put("classes", endpoints.classes());
    Map<String, Object> meta = new LinkedHashMap<>(metadata);
    meta.put("classes", endpoints.classNames());
    meta.put("inputs", List.copyOf(endpoints.inputs().keySet()));
    meta.put("datasetInputs", endpoints.datasetKeys());
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
    writer
        .asset("labels.txt", (String.join("\n", endpoints.classNames()) + "\n")
            .getBytes(StandardCharsets.UTF_8))
        .asset(ExportedModel.METADATA, JSON.writeValueAsBytes(meta));
    assets.forEach(writer::asset);
    return writer.write(dir);
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = target.resolveSibling(".old-" + target.getFileName() + "-" + UUID.randomUUID());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    Folders.delete(old);
  }

  /** One more than the largest numeric version under the export base, or 1. */
  private long nextVersion() {
    if (!Files.isDirectory(exportBase)) {
      return 1;
    }
    try (Stream<Path> list = Files.list(exportBase)) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{1,18}"))
          .mapToLong(Long::parseLong).max().orElse(0) + 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> nextCommands(Path target) {
    Path base = target.toAbsolutePath().getParent();
    String name = base.getFileName().toString();
    List<String> keys = List.copyOf(endpoints.inputs().keySet());
    List<String> cmds = new ArrayList<>();
    cmds.add("saved_model_cli show --dir " + target.toAbsolutePath() + " --all");
    cmds.add("docker run --rm -p 8501:8501 -v " + base + ":/models/" + name + " -e MODEL_NAME="
        + name + " tensorflow/serving");
    String instance = encodedInput != null
        ? "each instance is {\"b64\": \"<base64 of a JPEG or PNG file>\"}"
        : keys.size() == 1 ? "each instance is one '" + keys.get(0) + "' value"
        : "each instance is {" + String.join(", ", keys.stream().map(k -> "\"" + k + "\": [...]")
            .toList()) + "}";
    cmds.add("curl -d '{\"instances\": [...]}' http://localhost:8501/v1/models/" + name
        + ":predict   # " + instance);
    return cmds;
  }

  /** Builder of {@link ServingExporter}. */
  public static final class Builder {
    private Session session;
    private ServingEndpoints endpoints;
    private Path exportBase;
    private Long version;
    private boolean overwrite;
    private Map<String, Object> metadata = Map.of();
    private final Map<String, byte[]> assets = new LinkedHashMap<>();
    private Output<?> encodedInput;
    private Output<?> decodedInput;
    private Dataset verificationData;
    private int verificationExamples = 16;

    private Builder() {}

    /** The session holding the trained variables. */
    public Builder session(Session session) {
      this.session = session;
      return this;
    }

    public Builder endpoints(ServingEndpoints endpoints) {
      this.endpoints = endpoints;
      return this;
    }

    /** The model's folder in TF Serving's model base path; versions go beneath it. */
    public Builder exportBase(Path dir) {
      this.exportBase = dir;
      return this;
    }

    /** The version folder; default one more than the largest present, or 1. */
    public Builder version(long version) {
      if (version < 1) {
        throw new IllegalArgumentException("version must be at least 1");
      }
      this.version = version;
      return this;
    }

    /** Replace an existing version; off by default. */
    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** Facts written to {@code assets/tftune.json}, such as the input scaling. */
    public Builder metadata(Map<String, Object> metadata) {
      this.metadata = Map.copyOf(metadata);
      return this;
    }

    /**
     * A file for {@code assets/} beside labels.txt and tftune.json, such as a tokenizer's
     * vocabulary.
     */
    public Builder asset(String fileName, byte[] content) {
      if (fileName.equals("labels.txt") || fileName.equals(ExportedModel.METADATA)
          || fileName.contains("/")) {
        throw new IllegalArgumentException("asset name " + fileName + " is reserved or not a "
            + "plain file name");
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

    /** Examples fed to both the export and the in-memory model; the first 16 are used. */
    public Builder verifyWith(Dataset data) {
      this.verificationData = data;
      return this;
    }

    public ServingExporter build() {
      return new ServingExporter(this);
    }
  }
}
