package dev.tftune.graph;

import static org.tensorflow.internal.c_api.global.tensorflow.TFJ_HasGradient;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.RawCustomGradient;
import org.tensorflow.op.nn.FusedBatchNormGrad;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Gradients that the common fine-tuning paths need but TensorFlow's C++ library lacks, written
 * in Java. TensorFlow keeps them per process and cannot replace a built-in gradient, so they are
 * registered once per JVM, and only for op types that still have none.
 */
public final class JavaGradients {
  private static final Set<String> REGISTERED = new TreeSet<>();
  private static boolean done;

  private JavaGradients() {}

  /**
   * Registers every gradient of this class that TensorFlow does not define itself. Safe to call
   * any number of times from any thread.
   *
   * @return the op types that now have a Java gradient
   */
  public static synchronized Set<String> registerAll() {
    if (!done) {
      register("SparseSoftmaxCrossEntropyWithLogits", JavaGradients::sparseSoftmaxCrossEntropy);
      register("ResourceGather", JavaGradients::resourceGather);
      for (String bn : List.of("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3")) {
        register(bn, JavaGradients::fusedBatchNorm);
      }
      done = true;
    }
    return Set.copyOf(REGISTERED);
  }

  /** True if TensorFlow (after {@link #registerAll()}) can differentiate this op type. */
  public static boolean hasGradient(String opType) {
    registerAll();
    return TFJ_HasGradient(opType);
  }

  private static void register(String opType, RawCustomGradient gradient) {
    if (!TFJ_HasGradient(opType) && TensorFlow.registerCustomGradient(opType, gradient)) {
      REGISTERED.add(opType);
    }
  }

  /** d(loss)/d(logits) is the backprop output the op already computed, scaled per example. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> sparseSoftmaxCrossEntropy(Ops tf, GraphOperation op,
      List<Output<?>> grads) {
    Operand lossGrad = grads.get(0);
    Operand backprop = op.output(1);
    Operand logitsGrad = tf.math.mul(tf.expandDims(lossGrad, tf.constant(-1)), backprop);
    return List.of(logitsGrad, tf.zerosLike((Operand) op.input(1)));
  }

  /**
   * The gradient of a gather from a resource variable, as a dense tensor of the variable's shape:
   * rows gathered more than once receive the sum of their gradients.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> resourceGather(Ops tf, GraphOperation op,
      List<Output<?>> grads) {
    long batchDims = op.attributes().getAttrInt("batch_dims");
    if (batchDims != 0) {
      throw new UnsupportedOperationException(
          "ResourceGather with batch_dims=" + batchDims + " has no gradient in tftune");
    }
    Operand<TInt32> varShape = tf.variableShape(op.input(0));
    Operand<TInt32> rows = tf.reshape(tf.slice(varShape, tf.constant(new int[] {0}),
        tf.constant(new int[] {1})), tf.constant(new int[0]));
    Operand<TInt32> inner = tf.slice(varShape, tf.constant(new int[] {1}),
        tf.constant(new int[] {-1}));
    Operand<TInt32> flatShape = tf.concat(List.of(tf.constant(new int[] {-1}), inner),
        tf.constant(0));
    Operand indices = op.input(1);
    Operand flatGrad = tf.reshape((Operand) grads.get(0), flatShape);
    Operand flatIndices = tf.reshape(indices, tf.constant(new int[] {-1}));
    Operand dense = tf.math.unsortedSegmentSum(flatGrad, flatIndices, rows);
    return List.of(dense, tf.zerosLike(indices));
  }

  /**
   * Batch normalization in either mode. In inference mode the normalization uses the moving
   * statistics given as inputs 3 and 4; in training mode the batch statistics the op returned.
   * The moving statistics themselves receive zero gradients: they are never trained by descent.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<Operand<?>> fusedBatchNorm(Ops tf, GraphOperation op,
      List<Output<?>> grads) {
    boolean training = op.attributes().getAttrBool("is_training");
    float epsilon = op.attributes().getAttrFloat("epsilon");
    String format = op.attributes().getAttrString("data_format");
    Operand x = op.input(0);
    Operand dy = grads.get(0);
    // TensorFlow's CPU kernel of the inference-mode gradient takes channels-last only (the
    // oneDNN kernel some CPUs get takes both): NCHW goes through NHWC and back
    boolean transposed = !training && format.equals("NCHW");
    if (transposed) {
      x = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 3, 1}));
      dy = tf.linalg.transpose(dy, tf.constant(new int[] {0, 2, 3, 1}));
      format = "NHWC";
    }
    Operand scale = op.input(1);
    Operand reserve1 = training ? op.output(3) : op.input(3);
    Operand reserve2 = training ? op.output(4) : op.input(4);
    Operand reserve3 = op.numOutputs() > 5 ? op.output(5) : tf.constant(new float[0]);
    FusedBatchNormGrad<?, ?> g = tf.nn.fusedBatchNormGrad(dy, x,
        (Operand<TFloat32>) scale, reserve1, reserve2, reserve3,
        FusedBatchNormGrad.epsilon(epsilon), FusedBatchNormGrad.dataFormat(format),
        FusedBatchNormGrad.isTraining(training));
    Operand dx = g.xBackprop();
    if (transposed) {
      dx = tf.linalg.transpose(dx, tf.constant(new int[] {0, 3, 1, 2}));
    }
    List<Operand<?>> out = new ArrayList<>();
    out.add(dx);
    out.add(g.scaleBackprop());
    out.add(g.offsetBackprop());
    out.add(tf.zerosLike((Operand<TType>) op.input(3)));
    out.add(tf.zerosLike((Operand<TType>) op.input(4)));
    return out;
  }

}
