package dev.tftune.graph;

import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A float32 variable of a graph seen the same way whether the graph holds it as a ref
 * ({@code VariableV2}) or a resource ({@code VarHandleOp}): optimizers read and assign through
 * it, and gradients are taken with respect to {@link #gradientTarget()}.
 */
public final class GraphVariable {
  private final String name;
  private final VariableKind kind;
  private final Output<?> output;
  private final long[] shape;

  private GraphVariable(String name, VariableKind kind, Output<?> output, long[] shape) {
    this.name = name;
    this.kind = kind;
    this.output = output;
    this.shape = shape;
  }

  /**
   * The variable op of a loaded graph.
   *
   * @param dtype in Python spelling; only {@code float32} variables can be trained
   */
  public static GraphVariable of(Graph graph, String name, VariableKind kind, long[] shape,
      String dtype) {
    GraphOperation op = graph.operationOrThrow(name);
    if (!dtype.equals("float32")) {
      throw new IllegalArgumentException("variable " + name + " is " + dtype
          + "; only float32 variables can be trained");
    }
    return new GraphVariable(name, kind, op.output(0), shape.clone());
  }

  /**
   * A new resource variable named {@code <scope>/<name>}, holding {@code initial} once
   * {@code init} has run.
   */
  public static Created create(Ops scoped, String name, float[] initial, long... shape) {
    return create(scoped, name, init -> init.constant(Shape.of(shape), DataBuffers.of(initial)),
        shape);
  }

  /** A new resource variable set to zeros by {@code init}. */
  public static Created zeros(Ops scoped, String name, long... shape) {
    return create(scoped, name, init -> init.zeros(init.constant(shape), TFloat32.class), shape);
  }

  private static Created create(Ops scoped, String name,
      Function<Ops, Operand<TFloat32>> initial, long[] shape) {
    // named first, so that the initializer's scope cannot take the name; and the shared name
    // must be unique: variables with an empty one share a single resource
    Scope scope = scoped.scope().withName(name);
    String opName = scope.makeOpName(VarHandleOp.OP_NAME);
    Operation handle = scope.env().opBuilder(VarHandleOp.OP_NAME, opName, scope)
        .setAttr("dtype", DataType.DT_FLOAT).setAttr("shape", Shape.of(shape))
        .setAttr("shared_name", opName).setAttr("container", "").build();
    Output<?> resource = handle.output(0);
    Ops init = scoped.withSubScope(name + "_init");
    Op assign = init.assignVariableOp(resource, initial.apply(init));
    return new Created(new GraphVariable(opName, VariableKind.RESOURCE, resource,
        shape.clone()), assign);
  }

  /** A variable made by {@link #create} and the op that sets its initial value. */
  public record Created(GraphVariable variable, Op init) {}

  public String name() {
    return name;
  }

  public VariableKind kind() {
    return kind;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** What gradients are taken with respect to: the ref output, or the resource handle. */
  public Output<?> gradientTarget() {
    return output;
  }

  /** The current value. */
  @SuppressWarnings("unchecked")
  public Operand<TFloat32> read(Ops tf) {
    return kind == VariableKind.RESOURCE ? tf.readVariableOp(output, TFloat32.class)
        : tf.identity((Operand<TFloat32>) output);
  }

  /** Sets the value. */
  @SuppressWarnings("unchecked")
  public Op assign(Ops tf, Operand<TFloat32> value) {
    return kind == VariableKind.RESOURCE ? tf.assignVariableOp(output, value)
        : tf.assign((Operand<TFloat32>) output, value);
  }

  /** Subtracts {@code delta} from the value. */
  @SuppressWarnings("unchecked")
  public Op assignSub(Ops tf, Operand<TFloat32> delta) {
    return kind == VariableKind.RESOURCE ? tf.assignSubVariableOp(output, delta)
        : tf.assignSub((Operand<TFloat32>) output, delta);
  }


  @Override
  public String toString() {
    return name + " (" + kind + ")";
  }
}
