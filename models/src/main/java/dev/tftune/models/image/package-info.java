/**
 * Recipes for image classifier bases, found from the graph's structure rather than from names:
 * the tensor a new head attaches to (the last global pooling before the final dense layer), the
 * residual blocks that can be unfrozen from the top, and {@link ImageClassifier}, which puts both
 * into a {@code FineTuner}. {@link ImageDecoding} adds the ops that let an export take encoded
 * image files instead of float tensors.
 */
package dev.tftune.models.image;
