package dev.tftune.graph;

import java.util.Locale;

/**
 * How a graph holds a variable, decided from its op type in one place: the two kinds need
 * different read, assign and save ops.
 */
public enum VariableKind {
  /** {@code VariableV2} (or the old {@code Variable}): the op's output is the tensor itself. */
  REF,
  /** {@code VarHandleOp}: the op's output is a handle, read with {@code ReadVariableOp}. */
  RESOURCE;

  /** The kind of a variable op type, or null when the op does not hold a variable. */
  public static VariableKind ofOpType(String opType) {
    return switch (opType) {
      case "VariableV2", "Variable" -> REF;
      case "VarHandleOp" -> RESOURCE;
      default -> null;
    };
  }

  /** Whether an op of this type holds a variable. */
  public static boolean isVariable(String opType) {
    return ofOpType(opType) != null;
  }

  /** Whether an op of this type holds a resource variable. */
  public static boolean isResource(String opType) {
    return ofOpType(opType) == RESOURCE;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
