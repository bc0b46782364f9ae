package dev.tftune.savedmodel;

import dev.tftune.TftuneException;
import dev.tftune.graph.JavaGradients;
import dev.tftune.graph.GraphRewrite;
import dev.tftune.runtime.NativeLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
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

  private SavedModels() {}

  /** Loads with {@link LoadOptions#defaults()}. */
  public static BaseModel load(Path dir) {
    return load(dir, LoadOptions.defaults());
  }

  /**
   * Loads a SavedModel: reads its meta graph, applies the graph rewrites the options ask for,
   * restores its variables in a new session, and registers tftune's Java gradients. Rewrites
   * that must prove themselves ({@link CheckedRewrite}: TF2 function inlining, loop unrolling,
   * batch relaxing)
   * are kept only when the model loaded with them computes what the graph before them computes
   * (or, for the batch, runs at another size); otherwise the graph before them is used and the
   * log says why.
   *
   * @throws SavedModelException when the folder is not a loadable SavedModel, or its graph
   *     has ops that act outside it ({@link ModelSafety}) and {@link LoadOptions#trustModel}
   *     is off
   */
  public static BaseModel load(Path dir, LoadOptions options) {
    NativeLogs.quiet(); // before TensorFlow's first log line, when this is the first call
    JavaGradients.registerAll();
    MetaGraphDef read = MetaGraphs.read(dir, options.tags());
    if (!options.trustModel()) {
      ModelSafety.requireSafe(read, dir); // before its restore and init ops run
    }
    Loading loading = new Loading(dir, options, read);
    try {
      if (MetaGraphs.format(read) == ModelFormat.TF2) {
        loading.rewrite(new ObjectGraphFunctions());
        if (options.inlineFunctions()) {
          loading.attempt(new FunctionInlining());
        }
      }
      if (options.unrollLoops()) {
        loading.attempt(new LoopUnrolling());
      }
      for (GraphRewrite rewrite : options.rewrites()) {
        if (rewrite instanceof CheckedRewrite checked) {
          loading.attempt(checked);
        } else {
          loading.rewrite(rewrite);
        }
      }
      long fixed = fixedBatch(loading.graph);
      boolean relaxed = options.relaxBatch() && loading.attempt(new BatchRelaxing(fixed));
      return loading.model(relaxed ? -1 : fixed);
    } catch (RuntimeException e) {
      loading.close();
      throw e;
    }
  }

  /**
   * The graph as the rewrites leave it, and its loaded bundle once something needed it: a
   * checked rewrite's proof compares against it, and the model is made from it.
   */
  private static final class Loading implements CheckedRewrite.Before {
    private final Path dir;
    private final LoadOptions options;
    private final List<String> tags;
    private final List<String> changes = new ArrayList<>();
    private MetaGraphDef graph;
    /** Whether the graph differs from the folder's own. */
    private boolean rewritten;
    /** The current graph loaded; null until a proof or the model needs it. */
    private SavedModelBundle bundle;

    Loading(Path dir, LoadOptions options, MetaGraphDef read) {
      this.dir = dir;
      this.options = options;
      this.tags = read.getMetaInfoDef().getTagsList();
      this.graph = read;
    }

    /** Applies a rewrite that needs no proof. */
    void rewrite(GraphRewrite rewrite) {
      MetaGraphDef.Builder b = graph.toBuilder();
      rewrite.apply(b).ifPresent(change -> {
        changes.add(change);
        replace(b.build());
      });
    }

    /** Applies a rewrite if it proves itself; true when it was kept. */
    boolean attempt(CheckedRewrite rewrite) {
      MetaGraphDef.Builder b = graph.toBuilder();
      Optional<String> change = rewrite.apply(b);
      if (change.isEmpty()) {
        return false;
      }
      MetaGraphDef candidate = b.build();
      SavedModelBundle loaded;
      try {
        loaded = loadRewritten(dir, candidate, tags, options);
      } catch (TftuneException e) {
        return refuse(rewrite, change.get(), "the rewritten graph does not load: "
            + TftuneException.firstLine(e.problem()));
      }
      CheckedRewrite.Verdict verdict;
      try {
        verdict = rewrite.prove(loaded, candidate, this);
      } catch (RuntimeException e) {
        loaded.close();
        throw e;
      }
      if (verdict.failure() != null) {
        loaded.close();
        return refuse(rewrite, change.get(), verdict.failure());
      }
      replace(candidate);
      bundle = loaded;
      changes.add(change.get());
      rewrite.kept(change.get(), verdict);
      return true;
    }

    private boolean refuse(CheckedRewrite rewrite, String change, String why) {
      String note = rewrite.refused(change, why);
      if (note != null) {
        changes.add(note);
      }
      return false;
    }

    private void replace(MetaGraphDef next) {
      close();
      graph = next;
      rewritten = true;
    }

    @Override
    public SavedModelBundle bundle() {
      if (bundle == null) {
        bundle = rewritten ? loadRewritten(dir, graph, tags, options)
            : loadBundle(dir, tags, options);
      }
      return bundle;
    }

    @Override
    public MetaGraphDef graph() {
      return graph;
    }

    BaseModel model(long fixedBatch) {
      BaseModel model = new BaseModel(dir, bundle(), changes, fixedBatch, options.signature());
      if (options.signature() != null) {
        model.defaultSignature(); // a wrong name fails here, with the keys, not at first use
      }
      return model;
    }

    void close() {
      if (bundle != null) {
        bundle.close();
        bundle = null;
      }
    }
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
      throw missingKernel(shown, e).orElseGet(() -> new SavedModelException(
          "TensorFlow cannot load " + shown + ": " + TftuneException.firstLine(e.getMessage()),
          "check that the model was written by TensorFlow 2.18 or older with ops of the "
              + "standard library", e));
    } catch (IllegalArgumentException e) {
      // TF Java checks the signatures against the graph while it loads; a missing kernel is
      // also reported as an invalid argument
      throw missingKernel(shown, e).orElseGet(() -> new SavedModelException(
          "the model " + shown + " is inconsistent: " + TftuneException.firstLine(e.getMessage()),
          "re-export it with signatures whose tensors and dtypes match its graph", e));
    }
  }

  private static final Pattern NO_KERNEL = Pattern.compile(
      "No OpKernel was registered to support Op '([^']+)' used by \\{\\{node ([^}]+)}}");
  private static final Pattern NO_OP = Pattern.compile("Op type not registered '([^']+)'");

  /**
   * The op TensorFlow Java's native build lacks, when that is why loading failed: TF's own
   * message lists every kernel it has and so hides the one fact a user needs.
   */
  private static Optional<SavedModelException> missingKernel(Path shown, RuntimeException e) {
    String message = e.getMessage();
    if (message == null) {
      return Optional.empty();
    }
    String fix = "export the model without that op (apply the preprocessing it does outside "
        + "the model), or use a TensorFlow build that has it";
    Matcher kernel = NO_KERNEL.matcher(message);
    if (kernel.find()) {
      return Optional.of(new SavedModelException("the model " + shown + " uses op '"
          + kernel.group(1) + "' (node '" + kernel.group(2) + "'), which this TensorFlow Java "
          + "build has no kernel for", fix, e));
    }
    Matcher op = NO_OP.matcher(message);
    if (op.find()) {
      return Optional.of(new SavedModelException("the model " + shown + " uses op '"
          + op.group(1) + "', which this TensorFlow Java build does not know", fix, e));
    }
    return Optional.empty();
  }

  private static final String IMPORT_PREFIX = "tftune-import-";
  private static final AtomicBoolean STALE_IMPORTS_CHECKED = new AtomicBoolean();

  /**
   * The system's temporary folder, from which the first import of this process removes the
   * import folders of processes killed before they could (a {@code kill -9} mid-import).
   */
  private static Path importTemporaries() {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    if (STALE_IMPORTS_CHECKED.compareAndSet(false, true)) {
      for (Folders.Removed r : Folders.removeStale(dir, IMPORT_PREFIX)) {
        LOG.info("removed {} ({} bytes), left by an import that did not finish", r.folder(),
            r.bytes());
      }
    }
    return dir;
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
      tmp = Folders.temporary(importTemporaries(), IMPORT_PREFIX);
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
}
