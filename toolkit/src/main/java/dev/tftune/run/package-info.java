/**
 * Run folders: what a training run leaves behind for a person to read, as listeners of the
 * training loop ({@code metrics.csv}, TensorBoard event files, {@code curves.png},
 * {@code confusion.png}) and the folder layout that holds them with the run's plan and
 * checkpoints ({@link dev.tftune.run.RunFolder}).
 */
package dev.tftune.run;
