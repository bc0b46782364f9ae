package dev.tftune.cli;

import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageFolders;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the data files the command line accepts and fits them to a model's input. */
final class DataFiles {
  private static final Logger LOG = LoggerFactory.getLogger(DataFiles.class);

  private DataFiles() {}

  /**
   * Images as read: from a folder per class (decoded and resized to the input), or an IDX
   * file (at its own size; fitting resizes).
   */
  static RawImages raw(Path data, int limit, long[] inputShape, Scaling scaling) {
    RawImages raw = Files.isDirectory(data)
        ? ImageFolders.reader().limit(limit).read(data, inputShape).images()
        : IdxFiles.read(data, limit);
    LOG.info("data: {} images from {}; {}x{}x{} -> {}; scaling {}", raw.count(), data,
        raw.height(), raw.width(), raw.channels(), Arrays.toString(inputShape), scaling.label());
    return raw;
  }
}
