package dev.tftune.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Figures of one run, printed as they come and as a table at the end. */
final class Report {
  private final PrintStream out;
  private final List<String> rows = new ArrayList<>();

  Report(PrintStream out) {
    this.out = out;
  }

  /** A measured figure with its goal (or "" when it is context only). */
  void figure(String name, String value, String goal) {
    String row = String.format("%-58s %-22s %s", name, value, goal);
    rows.add(row);
    out.println("  " + row);
    out.flush();
  }

  void section(String title) {
    out.println();
    out.println("== " + title);
    out.flush();
  }

  void summary() {
    out.println();
    out.println(String.format("%-58s %-22s %s", "figure", "value", "goal"));
    rows.forEach(out::println);
    out.flush();
  }
}
