package dev.tftune.data;

import java.util.List;
import java.util.Map;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/** Images fitted to a model's input: float values, channels last, one input key {@code image}. */
public final class ImageDataset implements Dataset {
  /** The input key of the image tensor. */
  public static final String IMAGE = "image";

  private final float[] values;
  private final long[] imageShape;
  private final int imageSize;
  private final int[] labels;
  private final List<String> classNames;
  private final InputPreparation preparation;

  /**
   * Images given as floats the caller prepared ({@link InputPreparation#tensors()}).
   *
   * @param values {@code labels.length} images of {@code imageShape}, image after image
   * @param imageShape [height, width, channels]
   */
  public ImageDataset(float[] values, long[] imageShape, int[] labels, List<String> classNames) {
    this(values, imageShape, labels, classNames, InputPreparation.tensors());
  }

  /**
   * Images prepared as {@code preparation} says (how {@link ImageFitter#fit} records its
   * scaling).
   */
  public ImageDataset(float[] values, long[] imageShape, int[] labels, List<String> classNames,
      InputPreparation preparation) {
    long size = 1;
    for (long d : imageShape) {
      size *= d;
    }
    if (size * labels.length != values.length) {
      throw new IllegalArgumentException("values do not hold " + labels.length + " images");
    }
    this.values = values;
    this.imageShape = imageShape.clone();
    this.imageSize = (int) size;
    this.labels = labels;
    this.classNames = List.copyOf(classNames);
    this.preparation = java.util.Objects.requireNonNull(preparation, "preparation");
  }

  @Override
  public InputPreparation preparation() {
    return preparation;
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public List<String> inputKeys() {
    return List.of(IMAGE);
  }

  /** [height, width, channels] of each image. */
  public long[] imageShape() {
    return imageShape.clone();
  }

  @Override
  public Map<String, Tensor> batch(int[] indices, int rows) {
    long[] dims = new long[imageShape.length + 1];
    dims[0] = rows;
    System.arraycopy(imageShape, 0, dims, 1, imageShape.length);
    TFloat32 t = TFloat32.tensorOf(Shape.of(dims), tensor -> {
      FloatDataBuffer buf = tensor.asRawTensor().data().asFloats();
      for (int i = 0; i < indices.length; i++) {
        buf.offset((long) i * imageSize).write(values, indices[i] * imageSize, imageSize);
      }
      if (rows > indices.length) {
        buf.offset((long) indices.length * imageSize)
            .write(new float[(rows - indices.length) * imageSize]);
      }
    });
    return Map.of(IMAGE, t);
  }
}
