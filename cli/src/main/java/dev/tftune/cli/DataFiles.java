package dev.tftune.cli;

import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the data files the command line accepts and fits them to a model's input. */
final class DataFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DataFiles.class);

  private DataFiles() {}

  static ImageDataset images(Path data, int limit, long[] inputShape, Scaling scaling) {
    RawImages raw = IdxFiles.read(data, limit);
    ImageDataset fitted = ImageFitter.fit(raw, inputShape, scaling);
    LOG.info("data: {} images from {}; fitted {}x{}x{} -> {}; scaling {}", raw.count(), data,
        raw.height(), raw.width(), raw.channels(), Arrays.toString(inputShape), scaling.label());
    return fitted;
  }
}
