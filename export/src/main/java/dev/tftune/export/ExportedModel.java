package dev.tftune.export;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tftune.data.Batches;
import dev.tftune.data.Dataset;
import dev.tftune.data.InputPreparation;
import dev.tftune.graph.Feeds;
import dev.tftune.graph.Tensors;
import dev.tftune.savedmodel.InputBinding;
import dev.tftune.savedmodel.LoadOptions;
import dev.tftune.savedmodel.MetaGraphs;
import dev.tftune.savedmodel.SavedModelException;
import dev.tftune.savedmodel.SignatureInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * An export loaded back with TensorFlow's own loader in a fresh session, as TF Serving would:
 * for {@code tftune evaluate} and {@code predict}, and to verify exports.
 */
public final class ExportedModel implements AutoCloseable {
  /** The asset that records how inputs were prepared. */
  public static final String METADATA = "tftune.json";
  private static final String PROBABILITIES = "probabilities";
  private static final String PREDICTIONS = "predictions";
  private static final int BATCH = 64;

  private final Path directory;
  private final SavedModelBundle bundle;
  private final SignatureInfo signature;
  /** The serving_default of exports that take encoded images; null otherwise. */
  private final SignatureInfo encoded;
  private final List<String> classNames;
  private final Map<String, Object> metadata;
  private final InputPreparation preparation;

  private ExportedModel(Path directory, SavedModelBundle bundle, SignatureInfo signature,
      SignatureInfo encoded, List<String> classNames, Map<String, Object> metadata,
      InputPreparation preparation) {
    this.encoded = encoded;
    this.directory = directory;
    this.bundle = bundle;
    this.signature = signature;
    this.classNames = classNames;
    this.metadata = metadata;
    this.preparation = preparation;
  }

  /**
   * Loads an export folder ({@code <export-base>/<version>}).
   *
   * @throws SavedModelException when it is not a tftune classifier export, or its graph has
   *     ops that act outside it ({@link dev.tftune.savedmodel.ModelSafety})
   */
  public static ExportedModel load(Path dir) {
    return load(dir, false);
  }

  /**
   * Loads an export folder, and with {@code trustModel} one whose graph has ops that act
   * outside it.
   *
   * @see #load(Path)
   */
  public static ExportedModel load(Path dir, boolean trustModel) {
    var metaGraph = MetaGraphs.read(dir, List.of("serve"));
    if (!trustModel) {
      dev.tftune.savedmodel.ModelSafety.requireSafe(metaGraph, dir);
    }
    Map<String, SignatureInfo> signatures = MetaGraphs.signatures(metaGraph);
    // exports that take encoded images keep the tensor path as predict_tensor
    SignatureInfo sig = signatures.getOrDefault(ServingExporter.TENSOR_SIGNATURE,
        signatures.get("serving_default"));
    if (sig == null || scoresKey(sig) == null) {
      throw new SavedModelException(dir + " has no serving_default signature with a "
          + "'probabilities' or 'predictions' output", "pass an export version folder written "
          + "by ServingExporter").withFixKey(dev.tftune.FixKeys.EXPORT_NOT_TFTUNE);
    }
    Path labels = dir.resolve("assets").resolve("labels.txt");
    if (!Files.isRegularFile(labels)) {
      throw new SavedModelException("labels file " + labels + " is missing",
          "pass an export folder written by tftune (it holds assets/labels.txt)");
    }
    try {
      List<String> names = Files.readAllLines(labels, StandardCharsets.UTF_8).stream()
          .filter(l -> !l.isEmpty()).toList();
      Path metaFile = dir.resolve("assets").resolve(METADATA);
      Map<String, Object> meta = Files.isRegularFile(metaFile)
          ? new ObjectMapper().readValue(metaFile.toFile(), new TypeReference<>() {})
          : Map.of();
      InputPreparation preparation = ExportMetadata.preparation(meta, dir.resolve("assets"));
      SavedModelBundle bundle = SavedModelBundle.loader(dir.toString()).withTags("serve")
          .withConfigProto(LoadOptions.defaults().config()).load();
      SignatureInfo serving = signatures.get("serving_default");
      SignatureInfo encoded = serving != null && serving != sig
          && serving.inputs().containsKey(ServingExporter.IMAGE_BYTES) ? serving : null;
      return new ExportedModel(dir, bundle, sig, encoded, names, meta, preparation);
    } catch (IOException e) {
      throw new SavedModelException("cannot read the assets of " + dir + ": " + e.getMessage(),
          "export the model again", e);
    }
  }

  public Path directory() {
    return directory;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** The contents of {@code assets/tftune.json}; empty for exports without it. */
  public Map<String, Object> metadata() {
    return metadata;
  }

  /**
   * How the training data was made into tensors, as the export records it: data given to
   * {@link #predict} must be prepared alike. {@link InputPreparation#tensors()} for exports
   * that record no preparation.
   */
  public InputPreparation preparation() {
    return preparation;
  }

  /** The {@code serving_default} signature. */
  public SignatureInfo signature() {
    return signature;
  }

  /** The shape of the single input, without the batch dimension. */
  public long[] inputShape() {
    if (signature.inputs().size() != 1) {
      throw new SavedModelException("the export takes " + signature.inputs().size() + " inputs",
          "use data that provides each of " + signature.inputs().keySet());
    }
    long[] s = signature.inputs().values().iterator().next().shape();
    return s == null ? new long[0] : Arrays.copyOfRange(s, 1, s.length);
  }

  /** The output predict reads: a classifier's probabilities, a regression's predictions. */
  private static String scoresKey(SignatureInfo sig) {
    return sig.outputs().containsKey(PROBABILITIES) ? PROBABILITIES
        : sig.outputs().containsKey(PREDICTIONS) ? PREDICTIONS : null;
  }

  /**
   * True for a regression head's export: {@code predictions} (one value per name of
   * {@link #classNames()}) instead of class probabilities.
   */
  public boolean regression() {
    return PREDICTIONS.equals(scoresKey(signature));
  }

  /**
   * True for a multi-label head's export: {@code probabilities} are independent per class (a
   * class is predicted above 0.5), as its {@code tftune.json} records.
   */
  public boolean multiLabel() {
    return ExportMetadata.MULTI_LABEL.equals(metadata.get(ExportMetadata.TASK));
  }

  /**
   * Class probabilities for every example of the data (a regression's predicted values),
   * computed by the export.
   */
  public float[][] predict(Dataset data) {
    float[][] out = new float[data.size()][];
    String probabilities = signature.outputs().get(scoresKey(signature)).name();
    Map<String, String> binding = InputBinding.bind(data.inputKeys(), signature,
        ExportMetadata.datasetInputs(metadata));
    for (int[] idx : Batches.forInference(data, BATCH)) {
      int n = idx.length;
      try (Feeds feeds = Feeds.of(bundle.session())) {
        feeds.ownAll(data.batch(idx, n)).forEach((key, t) -> feeds.runner().feed(
            signature.inputs().get(binding.get(key)).name(), t));
        try (Result r = feeds.runner().fetch(probabilities).run()) {
          float[][] rows = Tensors.rows((TFloat32) r.get(0), n);
          for (int i = 0; i < n; i++) {
            out[idx[i]] = rows[i];
          }
        }
      }
    }
    return out;
  }

  /** True when {@code serving_default} takes encoded images (JPEG, PNG, GIF, BMP bytes). */
  public boolean takesEncodedImages() {
    return encoded != null;
  }

  /**
   * Class probabilities of encoded images, computed by {@code serving_default} as TF Serving
   * would: decoded, resized and scaled in the graph.
   *
   * @throws SavedModelException when the export does not take encoded images
   */
  public float[][] predictEncoded(List<byte[]> images) {
    if (encoded == null) {
      throw new SavedModelException(directory + " does not take encoded images",
          "export an image classifier with encoded images (ServingExporter.Builder."
              + "encodedImages) to get a serving_default over image bytes");
    }
    String probabilities = encoded.outputs().get("probabilities").name();
    try (TString bytes = TString.tensorOfBytes(NdArrays.vectorOfObjects(
            images.toArray(byte[][]::new)));
        Result r = bundle.session().runner()
            .feed(encoded.inputs().get(ServingExporter.IMAGE_BYTES).name(), bytes)
            .fetch(probabilities).run()) {
      return Tensors.rows((TFloat32) r.get(0), images.size());
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
