package dev.tftune.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's Java snippets are the code the build compiles, not a copy that drifts. */
class ReadmeSnippetsTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path SNIPPETS =
      Path.of("src", "main", "java", "dev", "tftune", "examples", "ReadmeSnippets.java");

  @Test
  void everyJavaSnippetOfTheJavaApiSectionIsCompiledAsWritten() throws IOException {
    String readme = Files.readString(README);
    int from = readme.indexOf("## Java API");
    String section = readme.substring(from, readme.indexOf("\n## ", from + 1));
    List<String> shown = new ArrayList<>();
    Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (m.find()) {
      shown.add(normalized(m.group(1)));
    }
    List<String> compiled = new ArrayList<>();
    Matcher c = Pattern.compile("// README: \\w+\n(.*?)// README: end", Pattern.DOTALL)
        .matcher(Files.readString(SNIPPETS));
    while (c.find()) {
      compiled.add(normalized(c.group(1)));
    }
    assertEquals(3, shown.size(), "the Java API section shows three snippets");
    for (String snippet : shown) {
      assertTrue(compiled.contains(snippet), "not compiled as written:\n" + snippet
          + "\ncompiled:\n" + String.join("\n---\n", compiled));
    }
  }

  /** The non-blank lines without their common indentation. */
  private static String normalized(String code) {
    List<String> lines = code.lines().map(String::stripTrailing).filter(l -> !l.isEmpty())
        .toList();
    int indent = lines.stream().filter(l -> !l.isBlank())
        .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    return String.join("\n", lines.stream().map(l -> l.length() >= indent
        ? l.substring(indent) : l).toList());
  }
}
