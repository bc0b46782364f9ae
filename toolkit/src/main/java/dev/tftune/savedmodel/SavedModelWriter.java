package dev.tftune.savedmodel;

import dev.tftune.graph.DataTypes;
import dev.tftune.graph.Graphs;
import dev.tftune.graph.VariableKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Writes the inference part of a live graph as a clean SavedModel: the graph pruned to what the
 * signatures need (no gradient, optimizer or initializer ops), a fresh SaveV2/RestoreV2 saver
 * over exactly the variables that remain, their current values from the session, the
 * signatures and asset files.
 *
 * <p>TF Java's own exporter cannot do this for a loaded graph: it reuses the old saver, drops new
 * variables and writes nothing for resource variables.
 */
public final class SavedModelWriter {
  private final Session session;
  private final Map<String, SignatureDef.Builder> signatures = new LinkedHashMap<>();
  private final Map<String, byte[]> assets = new LinkedHashMap<>();
  private final List<String> roots = new ArrayList<>();
  private final Map<String, String> inputDefaults = new LinkedHashMap<>();
  private List<String> tags = List.of("serve");
  private Initialization initialization = Initialization.NONE;

  private SavedModelWriter(Session session) {
    this.session = session;
  }

  /** A writer of the graph of {@code session}, with the variable values the session holds. */
  public static SavedModelWriter of(Session session) {
    return new SavedModelWriter(session);
  }

  /** Adds a signature; its inputs and outputs are tensors of the session's graph. */
  public SavedModelWriter signature(String key, String methodName, Map<String, Output<?>> inputs,
      Map<String, Output<?>> outputs) {
    SignatureDef.Builder sig = SignatureDef.newBuilder().setMethodName(methodName);
    inputs.forEach((k, t) -> sig.putInputs(k, tensorInfo(t)));
    outputs.forEach((k, t) -> {
      sig.putOutputs(k, tensorInfo(t));
      roots.add(t.op().name());
    });
    inputs.values().forEach(t -> roots.add(t.op().name()));
    signatures.put(key, sig);
    return this;
  }

  /** A file written to {@code assets/}. */
  public SavedModelWriter asset(String fileName, byte[] content) {
    assets.put(fileName, content.clone());
    return this;
  }

  /**
   * Makes a placeholder computable: in the export it becomes a {@code PlaceholderWithDefault}
   * whose default is {@code value}, so one signature can feed it directly while another feeds
   * only what {@code value} is computed from (encoded images decoded in the graph, say). A
   * {@code PlaceholderWithDefault} gets {@code value} as its new default.
   */
  public SavedModelWriter inputDefault(Output<?> placeholder, Output<?> value) {
    if (!placeholder.op().type().startsWith("Placeholder")) {
      throw new IllegalArgumentException(placeholder.op().name() + " is not a Placeholder");
    }
    inputDefaults.put(placeholder.op().name(), Graphs.tensorName(value));
    return this;
  }

  /**
   * The base model's init op and assets: the export runs the init op when it loads, and ships
   * the asset files, if the exported graph uses a table or variable the init op fills.
   * {@link Initialization#NONE} by default.
   */
  public SavedModelWriter initialization(Initialization init) {
    this.initialization = init;
    return this;
  }

  /** Meta graph tags; {@code serve} by default. */
  public SavedModelWriter tags(String... newTags) {
    this.tags = List.of(newTags);
    return this;
  }

  /**
   * Writes the SavedModel into {@code dir}, which must not exist yet or be empty.
   *
   * @return the variables written, by name
   */
  public List<String> write(Path dir) {
    if (Files.exists(dir) && !isEmptyFolder(dir)) {
      throw new SavedModelException(dir + " exists already", "write into a new or empty folder");
    }
    GraphDef all = withInputDefaults(session.graph().toGraphDef());
    GraphDef serving = prune(all, roots);
    String initOp = initialization.initOp().filter(op -> initializesState(all, serving, op))
        .orElse(null);
    GraphDef pruned = serving;
    if (initOp != null) {
      List<String> withInit = new ArrayList<>(roots);
      withInit.add(initOp);
      pruned = prune(all, withInit);
    }
    Map<String, String> assetNames = assetNames(pruned);
    pruned = withAssetFileNames(pruned, assetNames);
    List<NodeDef> variables = pruned.getNodeList().stream()
        .filter(n -> VariableKind.isVariable(n.getOp())).toList();
    try {
      Files.createDirectories(dir.resolve("variables"));
      if (!variables.isEmpty()) {
        CheckpointWriter.of(session).write(variables.stream().map(NodeDef::getName).toList(),
            dir.resolve("variables").resolve("variables").toString());
      }
      MetaGraphDef.Builder meta = MetaGraphDef.newBuilder();
      meta.getMetaInfoDefBuilder().addAllTags(tags)
          .setTensorflowVersion(TensorFlow.version()).setMetaGraphVersion("tftune");
      try (Graph export = new Graph()) {
        export.importGraphDef(pruned);
        if (!variables.isEmpty()) {
          meta.setSaverDef(addSaver(export, variables));
        }
        meta.setGraphDef(export.toGraphDef());
      }
      signatures.forEach((k, s) -> meta.putSignatureDef(k, s.build()));
      if (initOp != null) {
        meta.putSignatureDef(Initialization.INIT_SIGNATURE, SignatureDef.newBuilder()
            .putOutputs(Initialization.INIT_SIGNATURE, TensorInfo.newBuilder().setName(initOp)
                .build()).build());
      }
      assetNames.forEach((op, file) -> meta.addAssetFileDef(AssetFileDef.newBuilder()
          .setTensorInfo(TensorInfo.newBuilder().setName(op + ":0")).setFilename(file)));
      SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1)
          .addMetaGraphs(meta).build();
      Files.write(dir.resolve(MetaGraphs.SAVED_MODEL_PB), model.toByteArray());
      if (!assets.isEmpty() || !assetNames.isEmpty()) {
        Files.createDirectories(dir.resolve("assets"));
        for (var e : assets.entrySet()) {
          Files.write(dir.resolve("assets").resolve(e.getKey()), e.getValue());
        }
        for (var e : assetNames.entrySet()) {
          Files.copy(initialization.assetFiles().get(e.getKey()),
              dir.resolve("assets").resolve(e.getValue()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the SavedModel to " + dir, e);
    }
    return variables.stream().map(NodeDef::getName).toList();
  }

  private static boolean isEmptyFolder(Path dir) {
    try (java.util.stream.Stream<Path> list = Files.list(dir)) {
      return list.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Whether the init op fills state the exported graph uses: a table or variable both reach.
   * Init ops that only set things the export leaves out (an asset path kept in a variable) stay
   * out with them.
   */
  private static boolean initializesState(GraphDef all, GraphDef exported, String initOp) {
    Set<String> used = new HashSet<>();
    exported.getNodeList().stream().filter(SavedModelWriter::isState)
        .forEach(n -> used.add(n.getName()));
    return prune(all, List.of(initOp)).getNodeList().stream()
        .anyMatch(n -> isState(n) && used.contains(n.getName()));
  }

  private static boolean isState(NodeDef n) {
    return n.getOp().contains("Table") && !n.getOp().startsWith("Lookup")
        && !n.getOp().startsWith("Initialize") || VariableKind.isVariable(n.getOp());
  }

  /**
   * The base's asset path tensors left in the exported graph, each with the file name it gets
   * in the export's {@code assets/} (the base's name, prefixed where tftune's own files take it).
   */
  private Map<String, String> assetNames(GraphDef graph) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>(assets.keySet());
    for (NodeDef n : graph.getNodeList()) {
      Path file = initialization.assetFiles().get(n.getName());
      if (file != null) {
        String name = file.getFileName().toString();
        while (!taken.add(name)) {
          name = "base_" + name;
        }
        out.put(n.getName(), name);
      }
    }
    return out;
  }

  /**
   * Asset path constants hold the bare file name, as TF2's exports do: the loader feeds the
   * full path, and the export names nothing outside its folder.
   */
  private static GraphDef withAssetFileNames(GraphDef graph, Map<String, String> names) {
    if (names.isEmpty()) {
      return graph;
    }
    GraphDef.Builder b = graph.toBuilder();
    for (NodeDef.Builder node : b.getNodeBuilderList()) {
      String name = names.get(node.getName());
      if (name != null && node.getOp().equals("Const")) {
        node.putAttr("value", DataTypes.stringScalar(name));
      }
    }
    return b.build();
  }

  private GraphDef withInputDefaults(GraphDef graph) {
    if (inputDefaults.isEmpty()) {
      return graph;
    }
    GraphDef.Builder b = graph.toBuilder();
    for (NodeDef.Builder node : b.getNodeBuilderList()) {
      String value = inputDefaults.get(node.getName());
      if (value != null) {
        node.setOp("PlaceholderWithDefault").clearInput().addInput(value);
      }
    }
    return b.build();
  }

  /** The nodes the roots depend on, data and control inputs alike, in graph order. */
  static GraphDef prune(GraphDef graph, List<String> roots) {
    Map<String, NodeDef> byName = new HashMap<>();
    graph.getNodeList().forEach(n -> byName.put(n.getName(), n));
    Set<String> keep = new HashSet<>();
    Deque<String> queue = new ArrayDeque<>(roots);
    while (!queue.isEmpty()) {
      String name = queue.pop();
      NodeDef n = byName.get(name);
      if (n != null && keep.add(name)) {
        n.getInputList().forEach(in -> queue.add(Graphs.opName(in)));
      }
    }
    GraphDef.Builder out = graph.toBuilder().clearNode();
    graph.getNodeList().stream().filter(n -> keep.contains(n.getName())).forEach(out::addNode);
    return out.build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static SaverDef addSaver(Graph graph, List<NodeDef> variables) {
    Ops tf = Ops.create(graph).withSubScope(Graphs.uniqueScope(graph, "save"));
    Operand<TString> filename = tf.withName("filename").placeholderWithDefault(
        tf.constant("model"), Shape.scalar());
    List<Class<? extends TType>> types = new ArrayList<>();
    variables.forEach(v -> types.add(DataTypes.javaClass(v.getAttrOrThrow("dtype").getType())));
    Restore restore = tf.train.restore(filename, names(tf, variables), slices(tf, variables),
        types);
    List<Op> assigns = new ArrayList<>();
    List<Operand<?>> values = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      NodeDef v = variables.get(i);
      Output<?> var = graph.output(v.getName());
      Operand value = restore.tensors().get(i);
      if (VariableKind.isResource(v.getOp())) {
        assigns.add(tf.assignVariableOp(var, value));
        values.add(tf.readVariableOp(var, types.get(i)));
      } else {
        assigns.add(tf.assign((Operand) var, value));
        values.add(tf.identity((Operand) var));
      }
    }
    Op restoreAll = tf.withName("restore_all").withControlDependencies(assigns).noOp();
    Op save = tf.train.save(filename, names(tf, variables), slices(tf, variables), values);
    Output<TString> saveTensor = tf.withName("save_path").withControlDependencies(save)
        .identity(filename).asOutput();
    return SaverDef.newBuilder().setFilenameTensorName(Graphs.tensorName(filename.asOutput()))
        .setSaveTensorName(Graphs.tensorName(saveTensor))
        .setRestoreOpName(restoreAll.op().name()).setVersion(SaverDef.CheckpointFormatVersion.V2)
        .setMaxToKeep(1).build();
  }

  private static Operand<TString> names(Ops tf, List<NodeDef> variables) {
    return tf.constant(NdArrays.vectorOfObjects(
        variables.stream().map(NodeDef::getName).toArray(String[]::new)));
  }

  private static Operand<TString> slices(Ops tf, List<NodeDef> variables) {
    return tf.constant(NdArrays.vectorOfObjects(
        variables.stream().map(v -> "").toArray(String[]::new)));
  }

  private static TensorInfo tensorInfo(Output<?> t) {
    TensorInfo.Builder b = TensorInfo.newBuilder().setName(Graphs.tensorName(t))
        .setDtype(t.dataType());
    Shape s = t.shape();
    if (!s.isUnknown()) {
      b.setTensorShape(DataTypes.shape(s.asArray()));
    } else {
      b.getTensorShapeBuilder().setUnknownRank(true);
    }
    return b.build();
  }

}
