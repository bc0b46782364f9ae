package dev.tftune.data;

/**
 * Inputs fed as the data gave them (numbers the caller prepared): an export trained on them
 * takes the same tensors, and tftune knows no way to make them from files.
 */
public record TensorInputs() implements InputPreparation {}
