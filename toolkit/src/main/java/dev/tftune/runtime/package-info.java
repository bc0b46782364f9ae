/**
 * The TensorFlow native runtime as tftune sets it up: where its log lines go
 * ({@link dev.tftune.runtime.NativeLogs}).
 */
package dev.tftune.runtime;
