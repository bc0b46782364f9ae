package dev.tftune.savedmodel;

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
import java.util.stream.Collectors;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;

/**
 * The ops of a SavedModel that act outside it, found by reading its graph and function library
 * before anything of it runs: a SavedModel is a program, and loading one runs its restore and
 * init ops, and tftune's checks run its signatures. Found: file writes and reads (beyond the
 * checkpoint and table vocabularies), {@code Abort}, summaries and debug ops that write files,
 * prints to files, Python calls, and queue or barrier takes that can block forever, among the
 * ops that can run (dead nodes and uncalled functions are not findings).
 *
 * <p>What this cannot see: a model can still use as much memory and time as its ops take, and
 * its vocabulary tables ({@code InitializeTableFromTextFile}) read the files they name.
 */
public final class ModelSafety {
  private static final Map<String, String> EFFECTS = effects();
  /** Ops that are findings in what loading runs, not in what only a signature's caller runs. */
  private static final Set<String> SAVE_OPS = Set.of("Save", "SaveV2", "SaveSlices",
      "MergeV2Checkpoints");

  private ModelSafety() {}

  /** An op that acts outside the model, where it is, and what it does. */
  public record Finding(String op, String node, String function, String effect) {
    /** {@code op 'WriteFile' (node 'w' in function 'f'): writes files}. */
    public String describe() {
      return "op '" + op + "' (node '" + node + "'"
          + (function == null ? "" : " in function '" + function + "'") + "): " + effect;
    }
  }

  private static Map<String, String> effects() {
    Map<String, String> m = new HashMap<>();
    for (String op : List.of("WriteFile", "Save", "SaveV2", "SaveSlices",
        "MergeV2Checkpoints", "DatasetToTFRecord", "SaveDataset", "SaveDatasetV2",
        "SnapshotDataset", "SnapshotDatasetV2", "SnapshotDatasetV3")) {
      m.put(op, "writes files");
    }
    for (String op : List.of("ReadFile", "MatchingFiles", "WholeFileReader",
        "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2", "FixedLengthRecordReader",
        "FixedLengthRecordReaderV2", "TFRecordReader", "TFRecordReaderV2", "TFRecordDataset",
        "TFRecordDatasetV2", "TextLineDataset", "FixedLengthRecordDataset",
        "FixedLengthRecordDatasetV2", "ImmutableConst", "LoadAndRemapMatrix",
        "GenerateVocabRemapping", "LoadDataset")) {
      m.put(op, "reads files");
    }
    m.put("Abort", "kills the process");
    for (String op : List.of("CreateSummaryFileWriter", "CreateSummaryDbWriter",
        "WriteSummary", "WriteScalarSummary", "WriteImageSummary", "WriteHistogramSummary",
        "WriteAudioSummary", "WriteGraphSummary", "WriteRawProtoSummary", "ImportEvent",
        "FlushSummaryWriter")) {
      m.put(op, "writes summary files");
    }
    for (String op : List.of("DebugIdentity", "DebugIdentityV2", "DebugIdentityV3",
        "DebugNanCount", "DebugNumericSummary", "DebugNumericSummaryV2")) {
      m.put(op, "writes debug output to files or sockets");
    }
    for (String op : List.of("PyFunc", "PyFuncStateless", "EagerPyFunc")) {
      m.put(op, "runs Python code");
    }
    for (String op : List.of("QueueDequeue", "QueueDequeueV2", "QueueDequeueMany",
        "QueueDequeueManyV2", "QueueDequeueUpTo", "QueueDequeueUpToV2", "BarrierTakeMany",
        "Unstage", "MapUnstage", "OrderedMapUnstage", "AccumulatorTakeGradient",
        "SparseAccumulatorTakeGradient")) {
      m.put(op, "can block forever waiting for input");
    }
    return Map.copyOf(m);
  }

  /**
   * The findings of a meta graph among what can run: the restore and init ops that loading
   * runs, and the signatures, with the functions they call. A signature's save ops (Keras
   * exports a {@code save} signature that writes where its caller says) are not findings, as
   * only a caller runs them and tftune runs no signature with side effects; in the restore
   * or init ops, which run at every load, they are.
   */
  public static List<Finding> scan(MetaGraphDef meta) {
    Map<String, FunctionDef> library = meta.getGraphDef().getLibrary().getFunctionList()
        .stream().collect(Collectors.toMap(f -> f.getSignature().getName(), f -> f,
            (a, b) -> a));
    Map<String, NodeDef> nodes = new LinkedHashMap<>();
    meta.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Set<String> atLoad = closure(loadRoots(meta), nodes);
    Set<String> bySignatures = closure(signatureRoots(meta), nodes);
    Set<String> loadFunctions = calledFrom(select(nodes, atLoad), library);
    Set<String> signatureFunctions = calledFrom(select(nodes, bySignatures), library);
    List<Finding> out = new ArrayList<>();
    for (NodeDef n : nodes.values()) {
      boolean load = atLoad.contains(n.getName());
      if (load || bySignatures.contains(n.getName())) {
        finding(n, null, !load).ifPresent(out::add);
      }
    }
    library.keySet().stream().sorted().forEach(name -> {
      boolean load = loadFunctions.contains(name);
      if (load || signatureFunctions.contains(name)) {
        for (NodeDef n : library.get(name).getNodeDefList()) {
          finding(n, name, !load).ifPresent(out::add);
        }
      }
    });
    return out;
  }

  /** What TensorFlow's loader runs: the saver's restore op and the model's init ops. */
  private static Set<String> loadRoots(MetaGraphDef meta) {
    Set<String> roots = new HashSet<>();
    if (meta.hasSaverDef()) {
      roots.add(nodeName(meta.getSaverDef().getRestoreOpName()));
    }
    for (String collection : List.of("saved_model_main_op", "legacy_init_op", "main_op",
        "table_initializer", "init_op")) {
      CollectionDef c = meta.getCollectionDefMap().get(collection);
      if (c != null) {
        c.getNodeList().getValueList().forEach(v -> roots.add(nodeName(v)));
      }
    }
    SignatureDef init = meta.getSignatureDefMap().get(Initialization.INIT_SIGNATURE);
    if (init != null) {
      init.getOutputsMap().values().forEach(t -> roots.add(nodeName(t.getName())));
    }
    return roots;
  }

  private static Set<String> signatureRoots(MetaGraphDef meta) {
    Set<String> roots = new HashSet<>();
    meta.getSignatureDefMap().forEach((key, sig) -> {
      if (!key.equals(Initialization.INIT_SIGNATURE)) {
        sig.getInputsMap().values().forEach(t -> roots.add(nodeName(t.getName())));
        sig.getOutputsMap().values().forEach(t -> roots.add(nodeName(t.getName())));
      }
    });
    return roots;
  }

  private static List<NodeDef> select(Map<String, NodeDef> nodes, Set<String> names) {
    return names.stream().map(nodes::get).filter(java.util.Objects::nonNull).toList();
  }

  /**
   * Refuses a model with findings, naming them and the way to load it anyway.
   *
   * @throws SavedModelException when {@link #scan} finds anything
   */
  public static void requireSafe(MetaGraphDef meta, Path dir) {
    List<Finding> found = scan(meta);
    if (found.isEmpty()) {
      return;
    }
    String shown = found.stream().limit(3).map(Finding::describe)
        .collect(Collectors.joining("; "));
    throw new SavedModelException("the model " + dir + " has ops that act outside it, which "
        + "loading would run: " + shown + (found.size() > 3 ? "; and " + (found.size() - 3)
        + " more" : ""), "load it only if you trust where it came from: pass --trust-model "
        + "(Java: LoadOptions.trustModel(true)); tftune inspect lists them");
  }

  private static java.util.Optional<Finding> finding(NodeDef n, String function,
      boolean signatureOnly) {
    String effect = EFFECTS.get(n.getOp());
    if (effect == null && n.getOp().equals("PrintV2")) {
      String stream = n.getAttrOrDefault("output_stream", AttrValue.getDefaultInstance())
          .getS().toStringUtf8();
      effect = stream.startsWith("file://") ? "prints to the file " + stream.substring(7)
          : null;
    }
    if (effect == null || signatureOnly && SAVE_OPS.contains(n.getOp())) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Finding(n.getOp(), n.getName(), function, effect));
  }

  private static Set<String> closure(Set<String> roots, Map<String, NodeDef> nodes) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      NodeDef n = nodes.get(name);
      if (n == null || !seen.add(name)) {
        continue;
      }
      n.getInputList().forEach(in -> todo.push(nodeName(in)));
    }
    return seen;
  }

  /** The library functions the nodes call, directly or through other functions. */
  private static Set<String> calledFrom(List<NodeDef> nodes, Map<String, FunctionDef> library) {
    Set<String> seen = new HashSet<>();
    Deque<NodeDef> todo = new ArrayDeque<>(nodes);
    while (!todo.isEmpty()) {
      NodeDef n = todo.pop();
      List<String> called = new ArrayList<>();
      if (library.containsKey(n.getOp())) {
        called.add(n.getOp());
      }
      n.getAttrMap().values().forEach(a -> {
        if (a.hasFunc()) {
          called.add(a.getFunc().getName());
        }
        a.getList().getFuncList().forEach(f -> called.add(f.getName()));
      });
      for (String f : called) {
        if (library.containsKey(f) && seen.add(f)) {
          todo.addAll(library.get(f).getNodeDefList());
        }
      }
    }
    return seen;
  }

  private static String nodeName(String tensor) {
    String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(0, colon);
  }
}
