package dev.tftune.head;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Activations of hidden head layers. */
public enum Activation {
  RELU, GELU, TANH, SIGMOID, LINEAR;

  /** Parses a name in any case ({@code relu}, {@code gelu}, ...). */
  public static Activation parse(String name) {
    for (Activation a : values()) {
      if (a.name().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + name + "': use one of "
        + java.util.Arrays.stream(values()).map(a -> a.name().toLowerCase()).toList());
  }

  Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return switch (this) {
      case RELU -> tf.nn.relu(x);
      case TANH -> tf.math.tanh(x);
      case SIGMOID -> tf.math.sigmoid(x);
      case LINEAR -> x;
      // the tanh approximation BERT uses
      case GELU -> tf.math.mul(tf.math.mul(x, tf.constant(0.5f)), tf.math.add(tf.constant(1f),
          tf.math.tanh(tf.math.mul(tf.constant((float) Math.sqrt(2 / Math.PI)),
              tf.math.add(x, tf.math.mul(tf.constant(0.044715f), tf.math.pow(x,
                  tf.constant(3f))))))));
    };
  }
}
