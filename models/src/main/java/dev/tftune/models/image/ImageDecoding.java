package dev.tftune.models.image;

import dev.tftune.data.Scaling;
import dev.tftune.graph.Graphs;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StatelessWhile;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Ops that turn encoded images (JPEG, PNG, GIF or BMP bytes, one string per image) into the
 * float tensor a model takes: decoded, resized (bilinear, half-pixel centres, as tftune's Java
 * path) and scaled in the graph, so a TF Serving client can post the files themselves
 * (base64 in REST). TensorFlow decodes one image per op, so a loop runs over the batch.
 */
public final class ImageDecoding {
  private ImageDecoding() {}

  /**
   * The ops added to a graph.
   *
   * @param bytes string placeholder {@code [-1]}, one encoded image per element
   * @param images float {@code [-1, height, width, channels]} (or {@code [-1, height, width]}
   *     for a model whose input has no channel axis), scaled
   */
  public record Decoder(Output<TString> bytes, Output<TFloat32> images) {}

  /**
   * Adds the decoding path to a graph under a fresh {@code tftune_decode} scope.
   *
   * @param imageShape [height, width, channels] of the model's input (1 or 3 channels), or
   *     [height, width]: one channel, decoded gray and the channel axis dropped
   */
  public static Decoder build(Graph graph, long[] imageShape, Scaling scaling) {
    int h = (int) imageShape[0];
    int w = (int) imageShape[1];
    boolean channelAxis = imageShape.length == 3;
    long channels = channelAxis ? imageShape[2] : 1;
    String scope = Graphs.uniqueScope(graph, "tftune_decode");
    Ops tf = Ops.create(graph).withSubScope(scope);
    Placeholder<TString> bytes = tf.withName("image_bytes").placeholder(TString.class,
        Placeholder.shape(Shape.of(-1)));
    // the graph keeps its own copies of the functions once the loop exists: close ours after
    StatelessWhile loop;
    // function names are global to a graph: derive them from the scope, unique per build
    try (ConcreteFunction more = moreImages(scope + "_more");
        ConcreteFunction next = decodeNext(scope + "_next", h, w, channels, scaling)) {
      Operand<TFloat32> none = tf.zeros(tf.constant(new long[] {0, h, w, channels}),
          TFloat32.class);
      loop = tf.statelessWhile(List.of(tf.constant(0), bytes, none), more, next);
    }
    @SuppressWarnings("unchecked")
    Output<TFloat32> decoded = (Output<TFloat32>) loop.output().get(2);
    Operand<TFloat32> shaped = channelAxis ? decoded
        : tf.reshape(decoded, tf.constant(new long[] {-1, h, w}));
    Output<TFloat32> images = tf.withName("images").ensureShape(shaped,
        channelAxis ? Shape.of(-1, h, w, channels) : Shape.of(-1, h, w)).asOutput();
    return new Decoder(bytes.asOutput(), images);
  }

  /** The loop's condition: images left, {@code i < size(all)}. */
  private static ConcreteFunction moreImages(String name) {
    return ConcreteFunction.create(f -> {
      Placeholder<TInt32> i = f.placeholder(TInt32.class);
      Placeholder<TString> all = f.placeholder(TString.class);
      Placeholder<TFloat32> done = f.placeholder(TFloat32.class);
      Operand<TBool> left = f.math.less(i, f.size(all, TInt32.class));
      return Signature.builder().key(name).input("i", i).input("all", all)
          .input("done", done).output("more", left).build();
    });
  }

  /** The loop's body: decode image i, resize and scale it, append it to those done. */
  private static ConcreteFunction decodeNext(String name, int h, int w, long channels,
      Scaling scaling) {
    return ConcreteFunction.create(f -> {
      Placeholder<TInt32> i = f.placeholder(TInt32.class);
      Placeholder<TString> all = f.placeholder(TString.class);
      Placeholder<TFloat32> done = f.placeholder(TFloat32.class);
      Operand<TUint8> pixels = f.image.decodeImage(f.gather(all, i, f.constant(0)),
          TUint8.class, DecodeImage.channels(channels).expandAnimations(false));
      Operand<TFloat32> resized = f.image.resizeBilinear(
          f.dtypes.cast(f.expandDims(pixels, f.constant(0)), TFloat32.class),
          f.constant(new int[] {h, w}), ResizeBilinear.halfPixelCenters(true));
      Operand<TFloat32> grown = f.concat(List.of(done, scale(f, resized, scaling)),
          f.constant(0));
      return Signature.builder().key(name).input("i", i).input("all", all)
          .input("done", done).output("i", f.math.add(i, f.constant(1)))
          .output("all", f.identity(all)).output("done", grown).build();
    });
  }

  /** The in-graph twin of {@link Scaling}'s Java code, on one image of 0..255 values. */
  static Operand<TFloat32> scale(Ops tf, Operand<TFloat32> x, Scaling scaling) {
    return switch (scaling) {
      case UNIT -> tf.math.div(x, tf.constant(255f));
      case SYMMETRIC -> tf.math.sub(tf.math.div(x, tf.constant(127.5f)), tf.constant(1f));
      case RAW -> x;
      case PER_IMAGE_STANDARDIZATION -> {
        Operand<TInt32> all = tf.constant(new int[] {1, 2, 3});
        Operand<TFloat32> mean = tf.math.mean(x, all, org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> centred = tf.math.sub(x, mean);
        Operand<TFloat32> variance = tf.math.mean(tf.math.square(centred), all,
            org.tensorflow.op.math.Mean.keepDims(true));
        Operand<TFloat32> n = tf.dtypes.cast(tf.size(tf.gather(x, tf.constant(0),
            tf.constant(0)), TInt32.class), TFloat32.class);
        Operand<TFloat32> floor = tf.math.rsqrt(n);
        yield tf.math.div(centred, tf.math.maximum(tf.math.sqrt(variance), floor));
      }
      case CAFFE -> {
        // RGB to BGR, then minus the BGR means
        Operand<TFloat32> bgr = tf.reverse(x, tf.constant(new int[] {-1}));
        yield tf.math.sub(bgr, tf.constant(scaling.constants()[0]));
      }
      case TORCH -> tf.math.div(tf.math.sub(tf.math.div(x, tf.constant(255f)),
          tf.constant(scaling.constants()[0])), tf.constant(scaling.constants()[1]));
    };
  }
}
