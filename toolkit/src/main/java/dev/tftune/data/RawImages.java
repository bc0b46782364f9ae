package dev.tftune.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decoded 8-bit images of one size, channels last, with their labels.
 *
 * @param pixels {@code count * height * width * channels} values, image after image
 */
public record RawImages(int count, int height, int width, int channels, byte[] pixels,
    int[] labels, List<String> classNames) {

  public RawImages {
    if ((long) count * height * width * channels != pixels.length || labels.length != count) {
      throw new IllegalArgumentException("pixel or label count does not match " + count
          + " images of " + height + "x" + width + "x" + channels);
    }
    classNames = List.copyOf(classNames);
  }

  /**
   * The same images with labels renumbered to a model's classes by name, so that a test folder
   * lacking a class (or listing them in another order) is labelled as the model was trained.
   *
   * @throws DataException naming the classes of the images that the model does not have
   */
  public RawImages withClasses(List<String> modelClasses) {
    if (modelClasses.equals(classNames)) {
      return this;
    }
    int[] ids = new int[classNames.size()];
    Set<String> unknown = new LinkedHashSet<>();
    for (int c = 0; c < ids.length; c++) {
      ids[c] = modelClasses.indexOf(classNames.get(c));
    }
    int[] mapped = new int[count];
    for (int i = 0; i < count; i++) {
      mapped[i] = ids[labels[i]];
      if (mapped[i] < 0) {
        unknown.add(classNames.get(labels[i]));
      }
    }
    if (!unknown.isEmpty()) {
      List<String> shown = new ArrayList<>(unknown);
      throw new DataException("the data has " + (shown.size() == 1 ? "class " : "classes ")
          + shown + ", which the model was not trained on (its classes: "
          + (modelClasses.size() <= 20 ? modelClasses : modelClasses.subList(0, 20) + "...")
          + ")", "name the class folders (or labels) as the model's classes, or leave those "
          + "images out");
    }
    return new RawImages(count, height, width, channels, pixels, mapped, modelClasses);
  }

  /** The value of one pixel channel, 0..255. */
  public int pixel(int image, int y, int x, int c) {
    return pixels[((image * height + y) * width + x) * channels + c] & 0xff;
  }
}
