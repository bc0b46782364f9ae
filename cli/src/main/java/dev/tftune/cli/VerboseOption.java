package dev.tftune.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}: TensorFlow's native log lines on the console too. {@link Main#main} reads
 * it before TensorFlow loads; without it those lines go to {@link Main#nativeLog()}.
 */
final class VerboseOption {
  static final String FLAG = "--verbose";

  @Option(names = FLAG, description = "also show TensorFlow's native log lines (by default "
      + "they go to tftune-native.log in the temporary folder)")
  boolean verbose;
}
