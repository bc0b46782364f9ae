package dev.tftune.optimizer;

import dev.tftune.ConfigurationException;
import dev.tftune.graph.GraphVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adam as TensorFlow computes it ({@code ApplyAdam}): {@code m = b1 m + (1-b1) g},
 * {@code v = b2 v + (1-b2) g^2}, {@code lr_t = lr sqrt(1-b2^t) / (1-b1^t)},
 * {@code w -= lr_t m / (sqrt(v) + eps)}. With a weight decay it is AdamW (Loshchilov and
 * Hutter, as Keras applies it): before the Adam step, {@code w -= lr * wd * w} for every
 * variable the decay filter accepts.
 */
final class Adam extends PerVariableOptimizer {
  private final float beta1;
  private final float beta2;
  private final float epsilon;
  private final float weightDecay;
  private final Predicate<String> decays;

  Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay,
      Predicate<String> decays) {
    super(learningRate);
    if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || epsilon < 0 || weightDecay < 0) {
      throw new ConfigurationException("Adam with beta1 " + beta1 + ", beta2 " + beta2
          + ", epsilon " + epsilon + ", weight decay " + weightDecay,
          "use 0 <= beta < 1, epsilon >= 0 and weight decay >= 0");
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.decays = decays;
  }

  @Override
  public Optimizer withLearningRate(float rate) {
    return new Adam(rate, beta1, beta2, epsilon, weightDecay, decays);
  }

  @Override
  public String name() {
    return weightDecay > 0 ? "adamw" : "adam";
  }

  @Override
  List<Op> update(Ops tf, GraphVariable variable, Operand<TFloat32> g, Operand<TFloat32> lr,
      Operand<TFloat32> step, Slots slots) {
    GraphVariable m = slots.zerosLike(variable, "m");
    GraphVariable v = slots.zerosLike(variable, "v");
    Operand<TFloat32> b1 = scalar(tf, beta1);
    Operand<TFloat32> b2 = scalar(tf, beta2);
    Operand<TFloat32> one = scalar(tf, 1f);
    Operand<TFloat32> mNew = tf.math.add(tf.math.mul(b1, m.read(tf)),
        tf.math.mul(tf.math.sub(one, b1), g));
    Operand<TFloat32> vNew = tf.math.add(tf.math.mul(b2, v.read(tf)),
        tf.math.mul(tf.math.sub(one, b2), tf.math.square(g)));
    Operand<TFloat32> lrT = tf.math.div(
        tf.math.mul(lr, tf.math.sqrt(tf.math.sub(one, tf.math.pow(b2, step)))),
        tf.math.sub(one, tf.math.pow(b1, step)));
    Operand<TFloat32> adamStep = tf.math.div(tf.math.mul(lrT, mNew),
        tf.math.add(tf.math.sqrt(vNew), scalar(tf, epsilon)));
    List<Op> ops = new ArrayList<>();
    ops.add(m.assign(tf, mNew));
    ops.add(v.assign(tf, vNew));
    if (weightDecay > 0 && decays.test(variable.name())) {
      Operand<TFloat32> decay = tf.math.mul(tf.math.mul(lr, scalar(tf, weightDecay)),
          variable.read(tf));
      ops.add(variable.assignSub(tf, tf.math.add(decay, adamStep)));
    } else {
      ops.add(variable.assignSub(tf, adamStep));
    }
    return ops;
  }

  @Override
  public String toString() {
    return name() + "(lr=" + learningRate() + ", beta1=" + beta1 + ", beta2=" + beta2
        + ", epsilon=" + epsilon + (weightDecay > 0 ? ", weightDecay=" + weightDecay : "") + ")";
  }
}
