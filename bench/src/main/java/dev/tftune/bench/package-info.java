/**
 * The benchmark harness ({@code bench/run}): each figure is a ratio of two things measured in
 * the same run, such as a toolkit training step against the same step written by hand in TF
 * Java, a forward pass against the machine's MatMul rate, or tokenizing against the forward pass
 * it feeds. Absolute times are only context; {@link Main} runs the suite, and {@code --quick}
 * keeps it working with a few examples of each.
 */
package dev.tftune.bench;
