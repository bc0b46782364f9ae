package dev.tftune.graph;

import dev.tftune.graph.IntFolding.Ints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Unrolls the functional loops ({@code While}, {@code StatelessWhile}) on the signatures' paths
 * whose trip count is known when the graph is built (a Keras LSTM or GRU over a sequence of
 * fixed length) into one copy of the body per step, so gradients flow through the recurrence:
 * TensorFlow's C++ gradient registry has no gradient for these loops. The counters and the
 * condition are computed here ({@link IntFolding}, with shapes from TensorFlow's own shape
 * inference); the tensor lists Keras reads and writes per step become plain ops: the list made
 * from a tensor is that tensor unstacked ({@code Unpack}), items set per step and stacked after
 * the loop become a {@code Pack}. A loop this cannot follow (a trip count that depends on the
 * data or the batch size, a list op other than get, set and stack, a body calling functions,
 * more than {@link #MAX_STEPS} steps) is kept as it is, with the reason in {@link #kept()}.
 */
public final class LoopUnroller implements GraphRewrite {
  /** Most steps unrolled per loop: longer loops are kept as they are. */
  public static final int MAX_STEPS = 1000;
  private static final Set<String> LOOPS = Set.of("While", "StatelessWhile");

  private final Map<String, String> kept = new LinkedHashMap<>();

  /** Loops on the signatures' paths left as they are, with the reason, after {@link #apply}. */
  public Map<String, String> kept() {
    return Collections.unmodifiableMap(kept);
  }

  /** Whether a graph has a functional loop on a signature's path. */
  public static boolean hasLoops(MetaGraphDef.Builder metaGraph) {
    return !loops(metaGraph).isEmpty();
  }

  @Override
  public Optional<String> apply(MetaGraphDef.Builder metaGraph) {
    List<String> loops = loops(metaGraph);
    if (loops.isEmpty()) {
      return Optional.empty();
    }
    GraphDef.Builder graph = metaGraph.getGraphDefBuilder();
    Map<String, FunctionDef> library = new HashMap<>();
    graph.getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    List<String> unrolled = new ArrayList<>();
    try (StaticShapes shapes = StaticShapes.of(graph.build())) {
      for (String loop : loops) {
        try {
          Unrolling u = new Unrolling(graph, library, shapes, loop);
          int steps = u.unroll();
          u.commit(metaGraph);
          unrolled.add(loop + ": " + steps + " steps");
        } catch (Refusal r) {
          kept.put(loop, r.getMessage());
        }
      }
    }
    if (unrolled.isEmpty()) {
      return Optional.empty();
    }
    Graphs.dropUnusedFunctions(graph);
    return Optional.of("unrolled " + unrolled.size() + " loops ("
        + String.join(", ", unrolled.subList(0, Math.min(3, unrolled.size())))
        + (unrolled.size() > 3 ? ", ..." : "") + ")");
  }

  private static List<String> loops(MetaGraphDef.Builder metaGraph) {
    GraphDef graph = metaGraph.getGraphDef();
    Set<String> upstream = GraphIndex.of(graph).upstream(Graphs.signatureOutputOps(metaGraph));
    return graph.getNodeList().stream()
        .filter(n -> LOOPS.contains(n.getOp()) && upstream.contains(n.getName()))
        .map(NodeDef::getName).toList();
  }

  /** Why a loop cannot be unrolled. */
  private static final class Refusal extends RuntimeException {
    Refusal(String why) {
      super(why, null, false, false);
    }
  }

  /** A loop variable's value during unrolling: a tensor of the graph, or a tensor list. */
  private sealed interface Value permits Tensor, Items {}

  /** A tensor, with its value when it is an integer known when the graph is built. */
  private record Tensor(String name, Ints known) implements Value {}

  /** A tensor list as its items (tensor names, null where nothing was set yet). */
  private record Items(List<String> items) implements Value {
    Items set(int i, String tensor) {
      List<String> next = new ArrayList<>(items);
      next.set(i, tensor);
      return new Items(next);
    }
  }

  /** What a body node became in one step: a copy in the graph, or a value tracked here. */
  private record Step(String copy, Ints known, Value value) {}

  /** One loop, unrolled into nodes that are added to the graph only if all of it works. */
  private static final class Unrolling {
    private final GraphDef.Builder graph;
    private final Map<String, FunctionDef> library;
    private final StaticShapes shapes;
    private final NodeDef loop;
    private final GraphIndex index;
    private final FunctionBody cond;
    private final FunctionBody body;
    private final List<String> controlInputs = new ArrayList<>();
    private final List<String> dataInputs = new ArrayList<>();
    private final List<NodeDef> added = new ArrayList<>();
    private final Map<String, Optional<Ints>> folded = new HashMap<>();
    private List<Value> values;

    Unrolling(GraphDef.Builder graph, Map<String, FunctionDef> library, StaticShapes shapes,
        String name) {
      this.graph = graph;
      this.library = library;
      this.shapes = shapes;
      GraphDef current = graph.build();
      this.index = GraphIndex.of(current);
      this.loop = index.node(name);
      this.cond = function("cond");
      this.body = function("body");
      for (String in : loop.getInputList()) {
        (in.startsWith("^") ? controlInputs : dataInputs).add(in);
      }
      List<DataType> types = loop.getAttrOrThrow("T").getList().getTypeList();
      boolean carriesFloats = false;
      values = new ArrayList<>();
      for (int k = 0; k < dataInputs.size(); k++) {
        DataType type = types.get(k);
        carriesFloats |= DataTypes.isFloating(type) || type == DataType.DT_RESOURCE;
        values.add(type == DataType.DT_VARIANT ? list(dataInputs.get(k))
            : new Tensor(dataInputs.get(k), outer(dataInputs.get(k)).orElse(null)));
      }
      if (!carriesFloats) {
        throw new Refusal("no gradient can flow through it (it carries no floats)");
      }
    }

    private FunctionBody function(String attr) {
      String fn = loop.getAttrOrThrow(attr).getFunc().getName();
      FunctionDef def = library.get(fn);
      if (def == null) {
        throw new Refusal("its " + attr + " function " + fn + " is not in the library");
      }
      return new FunctionBody(def, n -> library.containsKey(n.getOp()));
    }

    /** The steps, added as nodes; the number of steps. */
    int unroll() {
      int steps = 0;
      while (goesOn()) {
        if (steps == MAX_STEPS) {
          throw new Refusal("it runs more than " + MAX_STEPS + " steps");
        }
        values = step(steps++);
      }
      return steps;
    }

    private boolean goesOn() {
      Map<String, Value> args = bind(cond);
      Map<String, Optional<Ints>> memo = new HashMap<>();
      FunctionBody.Ref ret = cond.returned().get(0);
      Long more = foldInCond(ret, args, memo).map(Ints::known).orElse(null);
      if (more == null) {
        throw new Refusal("whether it goes on is not known when the graph is built (the "
            + "count depends on the data or on the batch size)");
      }
      return more != 0;
    }

    private Optional<Ints> foldInCond(FunctionBody.Ref ref, Map<String, Value> args,
        Map<String, Optional<Ints>> memo) {
      if (ref.argument()) {
        return args.get(ref.name()) instanceof Tensor t && t.known() != null
            ? Optional.of(t.known()) : Optional.empty();
      }
      if (ref.index() != 0) {
        return Optional.empty();
      }
      Optional<Ints> done = memo.get(ref.name());
      if (done != null) {
        return done;
      }
      NodeDef node = cond.node(ref.name());
      Optional<Ints> result = Optional.empty();
      if (IntFolding.FOLDED.contains(node.getOp()) && !node.getOp().equals("Shape")) {
        List<Optional<Ints>> inputs = new ArrayList<>();
        for (String in : node.getInputList()) {
          if (!in.startsWith("^")) {
            inputs.add(foldInCond(cond.ref(in), args, memo));
          }
        }
        result = IntFolding.fold(node, inputs, null);
      }
      memo.put(ref.name(), result);
      return result;
    }

    private Map<String, Value> bind(FunctionBody fn) {
      var inputs = fn.function().getSignature().getInputArgList();
      if (inputs.size() != values.size()) {
        throw new Refusal("its functions take " + inputs.size() + " values, it carries "
            + values.size());
      }
      Map<String, Value> args = new HashMap<>();
      for (int i = 0; i < inputs.size(); i++) {
        args.put(inputs.get(i).getName(), values.get(i));
      }
      return args;
    }

    /** One copy of the body; the loop variables after it. */
    private List<Value> step(int k) {
      Map<String, Value> args = bind(body);
      Map<String, Step> done = new HashMap<>();
      String prefix = loop.getName() + "/step_" + k + "/";
      for (NodeDef node : body.topological()) {
        String op = node.getOp();
        List<Value> inputs = new ArrayList<>();
        for (String in : node.getInputList()) {
          if (!in.startsWith("^")) {
            inputs.add(value(body.ref(in), args, done));
          }
        }
        if (op.startsWith("TensorList")) {
          done.put(node.getName(), new Step(null, null, listOp(node, inputs)));
          continue;
        }
        if (inputs.stream().anyMatch(v -> v instanceof Items)) {
          if (!op.equals("Identity")) {
            throw new Refusal("a tensor list reaches " + op + " " + node.getName());
          }
          done.put(node.getName(), new Step(null, null, inputs.get(0)));
          continue;
        }
        for (String fn : Graphs.calledFunctions(node)) {
          if (library.containsKey(fn)) {
            throw new Refusal("its body calls function " + fn);
          }
        }
        NodeDef.Builder copy = node.toBuilder().setName(prefix + node.getName()).clearInput()
            .removeAttr("_class");
        int data = 0;
        for (String in : node.getInputList()) {
          FunctionBody.Ref r = body.ref(in);
          if (!r.control()) {
            copy.addInput(((Tensor) inputs.get(data++)).name());
          } else if (r.argument()) {
            if (args.get(r.name()) instanceof Tensor t) {
              copy.addInput("^" + Graphs.opName(t.name()));
            }
          } else if (done.get(r.name()).copy() != null) {
            copy.addInput("^" + done.get(r.name()).copy());
          }
        }
        controlInputs.forEach(copy::addInput);
        if (copy.getDevice().isEmpty()) {
          copy.setDevice(loop.getDevice());
        }
        Ints known = null;
        if (IntFolding.FOLDED.contains(op) && !op.equals("Shape")) {
          known = IntFolding.fold(node, inputs.stream().map(v -> Optional.ofNullable(
              ((Tensor) v).known())).toList(), null).orElse(null);
        }
        added.add(copy.build());
        done.put(node.getName(), new Step(copy.getName(), known, null));
      }
      List<Value> next = new ArrayList<>();
      for (FunctionBody.Ref r : body.returned()) {
        next.add(value(r, args, done));
      }
      return next;
    }

    private static Value value(FunctionBody.Ref ref, Map<String, Value> args,
        Map<String, Step> done) {
      if (ref.argument()) {
        Value v = args.get(ref.name());
        if (v == null) {
          throw new Refusal("its body reads " + ref.name() + ", which is no argument");
        }
        return v;
      }
      Step s = done.get(ref.name());
      if (s.copy() == null) {
        if (ref.index() != 0) {
          throw new Refusal("output " + ref.index() + " of list op " + ref.name() + " is read");
        }
        return s.value();
      }
      return new Tensor(s.copy() + ":" + ref.index(), ref.index() == 0 ? s.known() : null);
    }

    /** A tensor list read or written in the body, at an index known in this step. */
    private static Value listOp(NodeDef node, List<Value> inputs) {
      String op = node.getOp();
      if (!(op.equals("TensorListGetItem") || op.equals("TensorListSetItem"))
          || !(inputs.get(0) instanceof Items list)) {
        throw new Refusal("its body uses " + op + " (" + node.getName() + ")");
      }
      Long at = inputs.get(1) instanceof Tensor t && t.known() != null ? t.known().known() : null;
      if (at == null || at < 0 || at >= list.items().size()) {
        throw new Refusal(node.getName() + " uses an index not known when the graph is built "
            + "or outside the list");
      }
      if (op.equals("TensorListSetItem")) {
        return list.set(at.intValue(), ((Tensor) inputs.get(2)).name());
      }
      String item = list.items().get(at.intValue());
      if (item == null) {
        throw new Refusal(node.getName() + " reads item " + at + " before it is set");
      }
      return new Tensor(item, null);
    }

    /** A tensor list passed into the loop: made from a tensor, or reserved empty. */
    private Value list(String tensor) {
      NodeDef node = index.node(Graphs.opName(tensor));
      while (node != null && node.getOp().equals("Identity")) {
        node = index.node(index.inputs(node.getName()).get(0));
      }
      String op = node == null ? "?" : node.getOp();
      if (op.equals("TensorListFromTensor")) {
        String source = node.getInput(0);
        long[] dims = shapes.dims(source);
        if (dims == null || dims.length == 0 || dims[0] < 0) {
          throw new Refusal("the length of the sequence " + source + " is not fixed");
        }
        String unstacked = node.getName() + "/unrolled";
        if (added.stream().noneMatch(n -> n.getName().equals(unstacked))) {
          added.add(NodeDef.newBuilder().setName(unstacked).setOp("Unpack").addInput(source)
              .putAttr("T", node.getAttrOrThrow("element_dtype"))
              .putAttr("num", AttrValue.newBuilder().setI(dims[0]).build())
              .putAttr("axis", AttrValue.newBuilder().setI(0).build())
              .setDevice(node.getDevice()).build());
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < dims[0]; i++) {
          items.add(unstacked + ":" + i);
        }
        return new Items(items);
      }
      if (op.equals("TensorListReserve")) {
        Long size = outer(node.getInput(1)).map(Ints::known).orElse(null);
        if (size == null || size < 0) {
          throw new Refusal("the size of the list " + node.getName() + " is not fixed");
        }
        return new Items(new ArrayList<>(Collections.nCopies(size.intValue(), null)));
      }
      throw new Refusal("it carries a tensor list made by " + op);
    }

    /** An outer graph tensor's integer value, when it is known when the graph is built. */
    private Optional<Ints> outer(String tensor) {
      String name = tensor.contains(":") ? tensor : tensor + ":0";
      Optional<Ints> done = folded.get(name);
      if (done != null) {
        return done;
      }
      folded.put(name, Optional.empty()); // a cycle folds to nothing
      NodeDef node = index.node(Graphs.opName(name));
      Optional<Ints> result = Optional.empty();
      if (node != null && name.endsWith(":0") && IntFolding.FOLDED.contains(node.getOp())) {
        List<Optional<Ints>> inputs = new ArrayList<>();
        if (!node.getOp().equals("Shape")) {
          for (String in : node.getInputList()) {
            if (!in.startsWith("^")) {
              inputs.add(outer(in));
            }
          }
        }
        long[] dims = node.getOp().equals("Shape") ? shapes.dims(node.getInput(0)) : null;
        result = IntFolding.fold(node, inputs, dims);
      }
      folded.put(name, result);
      return result;
    }

    /**
     * Puts the steps in the graph: the loop's consumers read the last step's values (a
     * {@code TensorListStack} of a list becomes a {@code Pack} of its items), and a
     * {@code NoOp} under the loop's name keeps control edges on it meaningful.
     */
    void commit(MetaGraphDef.Builder metaGraph) {
      String name = loop.getName();
      Map<Integer, NodeDef> replaced = new HashMap<>();
      for (int i = 0; i < graph.getNodeCount(); i++) {
        NodeDef node = graph.getNode(i);
        if (node.getName().equals(name)) {
          continue;
        }
        NodeDef.Builder b = null;
        for (int j = 0; j < node.getInputCount(); j++) {
          String in = node.getInput(j);
          if (in.startsWith("^") || !Graphs.opName(in).equals(name)) {
            continue;
          }
          Value v = values.get(outputIndex(in));
          if (v instanceof Tensor t) {
            b = b == null ? node.toBuilder() : b;
            b.setInput(j, t.name());
          } else {
            replaced.put(i, stacked(node, j, (Items) v));
            b = null;
            break;
          }
        }
        if (b != null) {
          replaced.put(i, b.build());
        }
      }
      Map<String, SignatureDef> signatures = new HashMap<>();
      metaGraph.getSignatureDefMap().forEach((key, sig) -> {
        SignatureDef.Builder s = sig.toBuilder();
        sig.getOutputsMap().forEach((out, info) -> {
          if (Graphs.opName(info.getName()).equals(name)) {
            if (!(values.get(outputIndex(info.getName())) instanceof Tensor t)) {
              throw new Refusal("signature " + key + " returns a tensor list");
            }
            s.putOutputs(out, TensorInfo.newBuilder(info).setName(t.name()).build());
          }
        });
        signatures.put(key, s.build());
      });
      replaced.forEach(graph::setNode);
      signatures.forEach(metaGraph::putSignatureDef);
      NodeDef.Builder done = NodeDef.newBuilder().setName(name).setOp("NoOp")
          .setDevice(loop.getDevice());
      controlInputs.forEach(done::addInput);
      for (Value v : values) {
        if (v instanceof Tensor t && !dataInputs.contains(t.name())) {
          done.addInput("^" + Graphs.opName(t.name()));
        }
      }
      for (int i = 0; i < graph.getNodeCount(); i++) {
        if (graph.getNode(i).getName().equals(name)) {
          graph.setNode(i, done.build());
        }
      }
      graph.addAllNode(added);
    }

    private static int outputIndex(String tensor) {
      int colon = tensor.lastIndexOf(':');
      return colon < 0 ? 0 : Integer.parseInt(tensor.substring(colon + 1));
    }

    /** A {@code TensorListStack} of the loop's list, as a {@code Pack} of its items. */
    private static NodeDef stacked(NodeDef consumer, int input, Items list) {
      if (!consumer.getOp().equals("TensorListStack") || input != 0) {
        throw new Refusal("its tensor list output is read by " + consumer.getOp() + " "
            + consumer.getName());
      }
      if (list.items().isEmpty() || list.items().contains(null)) {
        throw new Refusal("the list stacked by " + consumer.getName() + " has items never set");
      }
      long expected = consumer.containsAttr("num_elements")
          ? consumer.getAttrOrThrow("num_elements").getI() : -1;
      if (expected >= 0 && expected != list.items().size()) {
        throw new Refusal(consumer.getName() + " expects " + expected + " items, the loop sets "
            + list.items().size());
      }
      NodeDef.Builder pack = NodeDef.newBuilder().setName(consumer.getName()).setOp("Pack")
          .setDevice(consumer.getDevice())
          .putAttr("T", consumer.getAttrOrThrow("element_dtype"))
          .putAttr("N", AttrValue.newBuilder().setI(list.items().size()).build())
          .putAttr("axis", AttrValue.newBuilder().setI(0).build());
      list.items().forEach(pack::addInput);
      consumer.getInputList().stream().filter(in -> in.startsWith("^")).forEach(pack::addInput);
      return pack.build();
    }
  }
}
