/**
 * Runnable programs that show the Java API end to end: a ResNet transferred to Fashion-MNIST,
 * BERT fine-tuned on a TSV file, and the raw-pixel baseline that transfer must beat.
 * {@code ReadmeSnippets} holds the README's Java code word for word, so the build compiles what
 * the README shows. Nothing in the library depends on this package.
 */
package dev.tftune.examples;
