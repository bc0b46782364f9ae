/**
 * Metrics of classifiers computed by the project itself from predicted probabilities and true
 * labels: pure Java, checked against hand-computed values, shared by evaluation and by the
 * listeners that report or select on them.
 */
package dev.tftune.metrics;
