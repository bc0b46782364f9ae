package dev.tftune.data;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * Training images changed at random each time they are batched, then scaled: the images stay
 * 8-bit in memory (a quarter of the floats of an {@link ImageDataset}), and every epoch sees
 * other versions of them.
 *
 * <p>Draws are deterministic: the {@code k}-th time an example is batched, it gets the version
 * drawn from ({@link Augmentation#seed()}, its index, {@code k}), whatever the batches around
 * it. Two datasets built alike and asked for the same batches give the same tensors.
 *
 * <p>Validation and test images should not be augmented: evaluate on {@link #plain()}, which
 * shares the images and scales them the same way, unchanged.
 */
public final class AugmentedImages implements Dataset {
  private final RawImages images;
  private final Scaling scaling;
  private final Augmentation augmentation;
  /** How many times each example has been batched: the draw of its next version. */
  private final int[] draws;
  /** The model's input per example: a batch has this shape after its row count. */
  private final long[] inputShape;

  /**
   * @param images decoded images of any size; fitted once to {@code inputShape} as
   *     {@link ImageFitter} does, and kept 8-bit (rounded to the nearest value after a resize;
   *     images already of that size and channel count are used as they are, not copied)
   * @param inputShape [height, width, channels] the model takes, or [height, width] for gray
   *     images without a channel axis
   * @param scaling applied after the augmentation, as {@link ImageFitter#fit} applies it
   * @param augmentation the random changes; {@link Augmentation#none()} for none
   * @throws DataException when the images cannot be fitted to the input or the scaling does not
   *     apply to its channels
   */
  public AugmentedImages(RawImages images, long[] inputShape, Scaling scaling,
      Augmentation augmentation) {
    int[] hwc = ImageFitter.checkShape(inputShape, images.channels());
    scaling.requireChannels(hwc[2]);
    this.images = ImageFitter.resized(images, hwc[0], hwc[1], hwc[2]);
    this.inputShape = inputShape.clone();
    this.scaling = scaling;
    this.augmentation = augmentation;
    this.draws = new int[images.count()];
  }

  /** The same images and scaling without augmentation, for validation; it draws nothing. */
  public AugmentedImages plain() {
    return new AugmentedImages(images, imageShape(), scaling, Augmentation.none());
  }

  /** The random changes applied. */
  public Augmentation augmentation() {
    return augmentation;
  }

  /** The scaling applied after the changes. */
  public Scaling scaling() {
    return scaling;
  }

  /** The shape of each image as the model takes it: [height, width, channels] or [h, w]. */
  public long[] imageShape() {
    return inputShape.clone();
  }

  @Override
  public InputPreparation preparation() {
    return new ImagePreparation(scaling);
  }

  @Override
  public boolean randomized() {
    return !augmentation.isNone();
  }

  @Override
  public Dataset forEvaluation() {
    return plain();
  }

  @Override
  public int size() {
    return images.count();
  }

  @Override
  public int label(int index) {
    return images.labels()[index];
  }

  @Override
  public List<String> classNames() {
    return images.classNames();
  }

  @Override
  public List<String> inputKeys() {
    return List.of(ImageDataset.IMAGE);
  }

  /** A new random version of each example, scaled; rows past the examples are zeros. */
  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    int h = images.height();
    int w = images.width();
    int c = images.channels();
    int size = h * w * c;
    int[] draw = nextDraws(indices);
    float[] image = new float[size];
    long[] dims = new long[inputShape.length + 1];
    dims[0] = rows;
    System.arraycopy(inputShape, 0, dims, 1, inputShape.length);
    TFloat32 t = TFloat32.tensorOf(Shape.of(dims), tensor -> {
      FloatDataBuffer buf = tensor.asRawTensor().data().asFloats();
      for (int i = 0; i < indices.length; i++) {
        augment(indices[i], draw[i], image);
        scaling.apply(image, 0, size, c);
        buf.offset((long) i * size).write(image);
      }
      if (rows > indices.length) {
        buf.offset((long) indices.length * size).write(new float[(rows - indices.length) * size]);
      }
    });
    return Map.of(ImageDataset.IMAGE, t);
  }

  /**
   * One version of an example, unscaled (0..255), into {@code out}.
   *
   * @param draw which version: the same draw always gives the same version
   */
  void augment(int index, int draw, float[] out) {
    int h = images.height();
    int w = images.width();
    int c = images.channels();
    byte[] src = images.pixels();
    int base = index * h * w * c;
    if (augmentation.isNone()) {
      for (int i = 0; i < h * w * c; i++) {
        out[i] = src[base + i] & 0xff;
      }
      return;
    }
    SplittableRandom random = new SplittableRandom(mix(augmentation.seed(), index, draw));
    // every draw is taken whether or not its change is on, so turning one change on or off
    // leaves the others' draws as they were
    boolean flip = random.nextBoolean() && augmentation.horizontalFlip();
    int pad = augmentation.padCrop();
    int dy = random.nextInt(2 * pad + 1) - pad;
    int dx = random.nextInt(2 * pad + 1) - pad;
    float delta = (float) ((random.nextDouble() * 2 - 1) * augmentation.brightness());
    boolean bright = augmentation.brightness() > 0;
    int o = 0;
    for (int y = 0; y < h; y++) {
      int sy = y + dy;
      for (int x = 0; x < w; x++) {
        // crop, then flip: output x shows cropped column w-1-x
        int sx = (flip ? w - 1 - x : x) + dx;
        boolean inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
        int p = base + (sy * w + sx) * c;
        for (int ch = 0; ch < c; ch++) {
          float v = inside ? src[p + ch] & 0xff : 0;
          out[o++] = bright ? Math.min(255f, Math.max(0f, v + delta)) : v;
        }
      }
    }
  }

  @Override
  public synchronized int[] drawState() {
    return draws.clone();
  }

  @Override
  public synchronized void restoreDrawState(int[] state) {
    if (state.length != draws.length) {
      throw new DataException("the checkpoint's augmentation state covers " + state.length
          + " images, the data holds " + draws.length,
          "resume with the data the run started with");
    }
    System.arraycopy(state, 0, draws, 0, draws.length);
  }

  private synchronized int[] nextDraws(int[] indices) {
    int[] draw = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      draw[i] = draws[indices[i]]++;
    }
    return draw;
  }

  /** A seed for one (seed, example, draw); SplittableRandom mixes its bits further. */
  private static long mix(long seed, int index, int draw) {
    long golden = 0x9E3779B97F4A7C15L;
    return ((seed * golden + index) * golden + draw) * golden;
  }
}
