package dev.tftune.cli;

import picocli.CommandLine.Option;

/** --trust-model: load a model whose graph has ops that act outside it. */
final class TrustOption {
  @Option(names = "--trust-model", description = "load a model whose graph has ops that act "
      + "outside it (file writes and reads, Abort, Python calls), which is otherwise refused "
      + "before any of it runs; only for models from a source you trust")
  boolean trust;
}
