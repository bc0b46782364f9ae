package dev.tftune.savedmodel;

import dev.tftune.graph.GradientCoverage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;

/**
 * A loaded SavedModel, ready to inspect and to build on: its graph and a session holding its
 * restored variables. Close it to free the native session and graph.
 */
public final class BaseModel implements AutoCloseable {
  private final Path directory;
  private final SavedModelBundle bundle;
  private final MetaGraphDef metaGraph;
  private final List<String> rewrites;
  private final long fixedBatch;
  private final Map<String, SignatureInfo> signatures;
  private final List<VariableInfo> variables;
  /** The signature chosen at load time; null for serving_default or the first. */
  private final String chosenSignature;
  private Initialization initialization;

  BaseModel(Path directory, SavedModelBundle bundle, List<String> rewrites, long fixedBatch,
      String chosenSignature) {
    this.chosenSignature = chosenSignature;
    this.directory = directory;
    this.bundle = bundle;
    this.metaGraph = bundle.metaGraphDef();
    this.rewrites = List.copyOf(rewrites);
    this.fixedBatch = fixedBatch;
    this.signatures = MetaGraphs.signatures(metaGraph);
    this.variables = MetaGraphs.variables(metaGraph);
  }

  /** The loaded bundle, for comparisons against a rewritten graph. */
  SavedModelBundle bundle() {
    return bundle;
  }

  /** The folder the model was loaded from. */
  public Path directory() {
    return directory;
  }

  public Graph graph() {
    return bundle.graph();
  }

  public Session session() {
    return bundle.session();
  }

  /** The meta graph as loaded, after any rewrite of the import. */
  public MetaGraphDef metaGraph() {
    return metaGraph;
  }

  public ModelFormat format() {
    return MetaGraphs.format(metaGraph);
  }

  public List<String> tags() {
    return metaGraph.getMetaInfoDef().getTagsList();
  }

  public Map<String, SignatureInfo> signatures() {
    return signatures;
  }

  public List<VariableInfo> variables() {
    return variables;
  }

  /** What the import changed in the graph. */
  public List<String> rewrites() {
    return rewrites;
  }

  /**
   * The number of examples every run must have when the graph fixes its batch dimension and it
   * could not be relaxed; -1 when any batch size works.
   */
  public long fixedBatch() {
    return fixedBatch;
  }

  /**
   * A signature by key.
   *
   * @throws SavedModelException listing the keys when there is no such signature
   */
  public SignatureInfo signature(String key) {
    SignatureInfo sig = signatures.get(key);
    if (sig == null) {
      throw new SavedModelException("the model has no signature '" + key + "'",
          "use one of " + signatures.keySet());
    }
    return sig;
  }

  /**
   * The signature heads bind to: the one {@link LoadOptions#withSignature} chose, else the one
   * named {@code serving_default}, else the first.
   */
  public SignatureInfo defaultSignature() {
    if (chosenSignature != null) {
      SignatureInfo sig = signatures.get(chosenSignature);
      if (sig == null) {
        throw new SavedModelException("the model " + directory + " has no signature '"
            + chosenSignature + "'", "choose one of " + signatures.keySet()
            + " (see tftune inspect)");
      }
      return sig;
    }
    if (signatures.isEmpty()) {
      throw new SavedModelException("the model " + directory + " has no signature",
          "export it with a serving signature, or name input and feature tensors explicitly");
    }
    return signatures.getOrDefault("serving_default", signatures.values().iterator().next());
  }

  /**
   * Resolves a tensor given as a tensor name ({@code resnet_model/final_reduce_mean:0}), an op
   * name (output 0), or the key of a signature output ({@code probabilities},
   * {@code pooled_output}; {@code serving_default} is searched first).
   *
   * @throws SavedModelException when nothing by that name exists
   */
  public Output<?> tensor(String nameOrKey) {
    List<SignatureInfo> order = new ArrayList<>();
    if (!signatures.isEmpty()) {
      order.add(defaultSignature());
    }
    order.addAll(signatures.values());
    for (SignatureInfo sig : order) {
      TensorInfo t = sig.outputs().get(nameOrKey);
      if (t != null) {
        return graph().output(t.name());
      }
    }
    int colon = nameOrKey.lastIndexOf(':');
    String opName = colon < 0 ? nameOrKey : nameOrKey.substring(0, colon);
    var op = graph().operation(opName);
    if (op != null) {
      int index = -1;
      try {
        index = colon < 0 ? 0 : Integer.parseInt(nameOrKey.substring(colon + 1));
      } catch (NumberFormatException e) {
        // reported below with the valid range
      }
      if (index < 0 || index >= op.numOutputs()) {
        throw new SavedModelException("op " + opName + " has no output '" + nameOrKey + "'",
            "use an output index from 0 to " + (op.numOutputs() - 1));
      }
      return op.output(index);
    }
    List<String> keys = new ArrayList<>(new TreeSet<>(
        signatures.values().stream().flatMap(s -> s.outputs().keySet().stream()).toList()));
    throw new SavedModelException("no tensor or signature output named '" + nameOrKey
        + "' in " + directory, "use a signature output " + keys
        + " or a tensor name of the graph (graph().operations())")
        .withFixKey(dev.tftune.FixKeys.TENSOR_UNKNOWN, keys);
  }

  /**
   * For TF2 models, each variable's path in the saved object graph
   * ({@code layer_with_weights-0/kernel}); empty for TF1 graphs.
   */
  public Map<String, String> objectPaths() {
    return MetaGraphs.objectPaths(metaGraph);
  }

  /**
   * The init op and asset files the model's folder declares (read from the folder: a rewritten
   * graph loads with its asset paths pinned).
   */
  public synchronized Initialization initialization() {
    if (initialization == null) {
      initialization = Initialization.of(MetaGraphs.read(directory, tags()), directory);
    }
    return initialization;
  }

  /** Everything {@code tftune inspect} shows. */
  public ModelInfo inspect() {
    GraphDef graphDef = metaGraph.getGraphDef();
    List<String> from = new ArrayList<>();
    List<String> to = new ArrayList<>();
    for (SignatureInfo sig : signatures.values()) {
      sig.inputs().values().forEach(t -> from.add(t.opName()));
      sig.outputs().values().forEach(t -> to.add(t.opName()));
    }
    variables.forEach(v -> from.add(v.name()));
    SortedSet<String> missing = new GradientCoverage(graph(), graphDef).missingGradients(from, to);
    return new ModelInfo(format(), tags(), signatures, variables, MetaGraphs.opCensus(graphDef),
        missing, rewrites, objectPaths());
  }

  @Override
  public void close() {
    bundle.close();
  }
}
