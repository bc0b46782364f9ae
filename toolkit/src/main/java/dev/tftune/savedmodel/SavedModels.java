package dev.tftune.savedmodel;

import dev.tftune.TftuneException;
import dev.tftune.graph.JavaGradients;
import dev.tftune.graph.FunctionInliner;
import dev.tftune.graph.GraphRewrite;
import dev.tftune.graph.RelaxInputDimension;
import dev.tftune.graph.Tensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the import: loads a SavedModel folder as a {@link BaseModel} to inspect and
 * fine-tune.
 *
 * <pre>{@code
 * try (BaseModel base = SavedModels.load(Path.of("resnet32"))) {
 *   System.out.println(base.inspect().toJson());
 * }
 * }</pre>
 */
public final class SavedModels {
  private static final Logger LOG = LoggerFactory.getLogger(SavedModels.class);
  private static final int PROBE_BATCH = 2;
  /** Largest difference tolerated between a graph's outputs before and after inlining. */
  private static final double INLINE_TOLERANCE = 1e-6;

  private SavedModels() {}

  /** Loads with {@link LoadOptions#defaults()}. */
  public static BaseModel load(Path dir) {
    return load(dir, LoadOptions.defaults());
  }

  /**
   * Loads a SavedModel: reads its meta graph, applies the graph rewrites the options ask for,
   * restores its variables in a new session, and registers tftune's Java gradients.
   *
   * @throws SavedModelException when the folder is not a loadable SavedModel
   */
  public static BaseModel load(Path dir, LoadOptions options) {
    JavaGradients.registerAll();
    MetaGraphDef read = MetaGraphs.read(dir, options.tags());
    if (MetaGraphs.format(read) != ModelFormat.TF2) {
      return load(dir, options, read, List.of(), false);
    }
    MetaGraphDef.Builder callable = read.toBuilder();
    List<String> earlier = new ArrayList<>();
    new ObjectGraphFunctions().apply(callable).ifPresent(earlier::add);
    boolean rewritten = !earlier.isEmpty();
    MetaGraphDef original = callable.build();
    MetaGraphDef.Builder inlined = original.toBuilder();
    Optional<String> change = options.inlineFunctions() ? new FunctionInliner().apply(inlined)
        : Optional.empty();
    if (change.isEmpty()) {
      return load(dir, options, original, earlier, rewritten);
    }
    List<String> changes = new ArrayList<>(earlier);
    changes.add(change.get());
    BaseModel model = load(dir, options, inlined.build(), changes, true);
    String failure;
    List<String> tags = original.getMetaInfoDef().getTagsList();
    try (SavedModelBundle plain = rewritten ? loadRewritten(dir, original, tags, options)
        : loadBundle(dir, tags, options)) {
      SignatureComparison.Outcome o = SignatureComparison.compare(plain, original,
          model.bundle(), model.metaGraph());
      failure = o.failure() != null ? o.failure() : o.maxAbsDiff() <= INLINE_TOLERANCE ? null
          : "outputs differ by " + o.maxAbsDiff();
      if (failure == null) {
        LOG.info("functions: {}; every signature computes the same outputs{}", change.get(),
            o.notRun().isEmpty() ? "" : " (not run, as they update variables: " + o.notRun()
                + ")");
      }
    }
    if (failure == null) {
      return model;
    }
    model.close();
    LOG.warn("functions: calls kept as they are ({}): fine-tuning through them is unavailable, "
        + "frozen use works", failure);
    earlier.add("function calls kept: " + failure);
    return load(dir, options, original, earlier, rewritten);
  }

  /**
   * Loads a meta graph with the options' rewrites.
   *
   * @param earlier changes made before (reported with the model's rewrites)
   * @param rewritten whether {@code original} differs from the folder's own graph already
   */
  private static BaseModel load(Path dir, LoadOptions options, MetaGraphDef original,
      List<String> earlier, boolean rewritten) {
    List<String> tags = original.getMetaInfoDef().getTagsList();
    MetaGraphDef.Builder prepared = original.toBuilder();
    List<String> changes = new ArrayList<>(earlier);
    for (GraphRewrite rewrite : options.rewrites()) {
      rewrite.apply(prepared).ifPresent(changes::add);
    }
    if (options.relaxBatch()) {
      MetaGraphDef.Builder relaxed = prepared.clone();
      Optional<String> change = RelaxInputDimension.batch().apply(relaxed);
      if (change.isPresent()) {
        long fixed = fixedBatch(original);
        SavedModelBundle bundle = loadRewritten(dir, relaxed.build(), tags, options);
        String failure = probeDynamicBatch(bundle, relaxed.build());
        if (failure == null) {
          LOG.info("batch: {}; the model takes any batch size", change.get());
          changes.add(change.get());
          return new BaseModel(dir, bundle, changes, -1);
        }
        bundle.close();
        LOG.info("batch: the graph needs exactly {} examples per run ({}); batches are padded "
            + "to {} and the padding is masked out", fixed, failure, fixed);
      }
    }
    SavedModelBundle bundle = !rewritten && changes.size() == earlier.size()
        ? loadBundle(dir, tags, options) : loadRewritten(dir, prepared.build(), tags, options);
    return new BaseModel(dir, bundle, changes, fixedBatch(original));
  }

  /** The batch size baked into the signature inputs, or -1. */
  private static long fixedBatch(MetaGraphDef metaGraph) {
    return MetaGraphs.signatures(metaGraph).values().stream()
        .flatMap(sig -> sig.inputs().values().stream())
        .mapToLong(TensorInfo::fixedBatch).max().orElse(-1);
  }

  private static SavedModelBundle loadBundle(Path dir, List<String> tags, LoadOptions options) {
    return loadBundle(dir, dir, tags, options);
  }

  /** Loads the SavedModel in {@code from}; messages name {@code shown}, the user's folder. */
  private static SavedModelBundle loadBundle(Path from, Path shown, List<String> tags,
      LoadOptions options) {
    try {
      return SavedModelBundle.loader(from.toString()).withTags(tags.toArray(String[]::new))
          .withConfigProto(options.config()).load();
    } catch (TensorFlowException e) {
      throw new SavedModelException("TensorFlow cannot load " + shown + ": "
          + TftuneException.firstLine(e.getMessage()),
          "check that the model was written by TensorFlow 2.18 or older with ops of the "
              + "standard library", e);
    } catch (IllegalArgumentException e) {
      // TF Java checks the signatures against the graph while it loads
      throw new SavedModelException("the model " + shown + " is inconsistent: "
          + TftuneException.firstLine(e.getMessage()),
          "re-export it with signatures whose tensors and dtypes match its graph", e);
    }
  }

  /**
   * TF's loader reads the graph from a folder, so a rewritten graph goes to a temporary folder
   * that links to the original variables and assets; it is removed as soon as the model is in
   * memory, so asset paths are pinned to the original folder first.
   */
  private static SavedModelBundle loadRewritten(Path dir, MetaGraphDef metaGraph, List<String> tags,
      LoadOptions options) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("tftune-import-");
      MetaGraphDef.Builder pinned = metaGraph.toBuilder();
      new PinnedAssetPaths(dir).apply(pinned);
      SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1)
          .addMetaGraphs(pinned).build();
      Files.write(tmp.resolve(MetaGraphs.SAVED_MODEL_PB), model.toByteArray());
      for (String sub : List.of("variables", "assets", "assets.extra")) {
        if (Files.exists(dir.resolve(sub))) {
          Files.createSymbolicLink(tmp.resolve(sub), dir.resolve(sub).toAbsolutePath());
        }
      }
      return loadBundle(tmp, dir, tags, options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the rewritten graph to a temporary folder", e);
    } finally {
      Folders.delete(tmp);
    }
  }

  /** Runs the first signature on a small batch; null when the graph accepts it. */
  private static String probeDynamicBatch(SavedModelBundle bundle, MetaGraphDef metaGraph) {
    SignatureDef sig = metaGraph.getSignatureDefMap().getOrDefault("serving_default",
        metaGraph.getSignatureDefMap().values().iterator().next());
    Session.Runner runner = bundle.session().runner();
    List<Tensor> inputs = new ArrayList<>();
    try {
      for (var in : sig.getInputsMap().values()) {
        long[] dims = dev.tftune.graph.DataTypes.dims(in.getTensorShape());
        if (dims == null || !List.of(DataType.DT_FLOAT, DataType.DT_INT32, DataType.DT_INT64)
                .contains(in.getDtype())) {
          return "input " + in.getName() + " cannot be probed";
        }
        for (int i = 1; i < dims.length; i++) {
          if (dims[i] < 0) {
            return "input " + in.getName() + " has unknown dimensions";
          }
        }
        dims[0] = PROBE_BATCH;
        Tensor t = Tensors.zeros(in.getDtype(), Shape.of(dims));
        inputs.add(t);
        runner.feed(in.getName(), t);
      }
      sig.getOutputsMap().values().forEach(out -> runner.fetch(out.getName()));
      try (Result result = runner.run()) {
        for (var entry : result) {
          Shape shape = entry.getValue().shape();
          if (shape.numDimensions() > 0 && shape.size(0) != PROBE_BATCH) {
            return "output " + entry.getKey() + " keeps batch " + shape.size(0);
          }
        }
      }
      return null;
    } catch (RuntimeException e) {
      // any failure means the graph does not take other batch sizes (TF reports shape errors
      // as TFInvalidArgumentException, which is not a TensorFlowException)
      return TftuneException.firstLine(e.getMessage());
    } finally {
      inputs.forEach(Tensor::close);
    }
  }
}
