/**
 * The {@code tftune} command line, on picocli: {@link Main} and its {@code demo},
 * {@code inspect}, {@code train}, {@code evaluate} and {@code predict} commands, with the
 * reading of data files, the flag names of optimizers and columns, and console progress. The
 * commands translate flags into library calls, and a library failure's fix into flag names; no
 * loading, training or export logic lives here.
 */
package dev.tftune.cli;
