package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading delimited text files with a header: TSV split on tabs, CSV by RFC 4180. */
class TextTableTest {
  @TempDir
  Path dir;

  @Test
  void tsvIsSplitOnTabsOnlyAndQuotesAreOrdinaryCharacters() throws IOException {
    TextTable t = TextTable.read(write("a.tsv", "label\ttext\n0\t\"so-called \"hit, it's not\n"));

    assertEquals(List.of("label", "text"), t.header());
    assertEquals(List.of("0", "\"so-called \"hit, it's not"), t.row(0));
  }

  @Test
  void csvQuotedCellKeepsCommasAndDoubledQuotesBecomeOne() throws IOException {
    TextTable t = TextTable.read(write("a.csv", "text,label\n\"x, y\",\"he said \"\"no\"\"\"\n"));

    assertEquals(List.of("x, y", "he said \"no\""), t.row(0));
  }

  @Test
  void csvQuotedCellMayHoldLineBreaksAndTheRowKeepsTheLineItStartsOn() throws IOException {
    TextTable t = TextTable.read(write("a.csv", "text,label\n\"one\ntwo\",1\nthree,0\n"));

    assertEquals(2, t.size());
    assertEquals(List.of("one\ntwo", "1"), t.row(0));
    assertEquals(2, t.lineNumber(0));
    assertEquals(List.of("three", "0"), t.row(1));
    assertEquals(4, t.lineNumber(1));
  }

  @Test
  void crlfLineEndsAreNotPartOfTheLastCellInTsv() throws IOException {
    TextTable t = TextTable.read(write("a.tsv", "text\tlabel\r\nfine\t1\r\nbad\t0\r\n"));

    assertEquals(List.of("text", "label"), t.header());
    assertEquals(List.of("fine", "1"), t.row(0));
    assertEquals(List.of("bad", "0"), t.row(1));
    assertEquals(3, t.lineNumber(1));
  }

  @Test
  void crlfLineEndsAreNotPartOfTheLastCellInCsv() throws IOException {
    TextTable t = TextTable.read(write("a.csv", "text,label\r\n\"quoted\",1\r\nplain,0\r\n"));

    assertEquals(List.of("quoted", "1"), t.row(0));
    assertEquals(List.of("plain", "0"), t.row(1));
  }

  @Test
  void byteOrderMarkIsDroppedSoTheFirstColumnMatchesByName() throws IOException {
    Path file = dir.resolve("bom.csv");
    Files.write(file, ("\uFEFFtext,label\nhi,1\n").getBytes(StandardCharsets.UTF_8));

    TextTable t = TextTable.read(file);

    assertEquals("text", t.header().get(0));
    assertEquals(0, t.column("text"));
  }

  @Test
  void blankLinesAreSkippedButStillCountInLineNumbers() throws IOException {
    TextTable t = TextTable.read(write("a.tsv", "\ntext\tlabel\n\nfirst\t1\n   \nsecond\t0\n\n"));

    assertEquals(List.of("text", "label"), t.header());
    assertEquals(2, t.size());
    assertEquals(4, t.lineNumber(0));
    assertEquals(6, t.lineNumber(1));
  }

  @Test
  void lineOfDelimitersOnlyIsARowOfEmptyCellsNotABlankLine() throws IOException {
    TextTable t = TextTable.read(write("a.tsv", "text\tlabel\n\t\nok\t1\n"));

    assertEquals(2, t.size());
    assertEquals(List.of("", ""), t.row(0));
  }

  @Test
  void rowsKeepAsManyCellsAsTheFileGives() throws IOException {
    TextTable t = TextTable.read(write("a.csv", "a,b,c\n1\n1,2,3,4\n"));

    assertEquals(1, t.width(0));
    assertEquals(4, t.width(1));
    assertNull(t.cell(0, 2));
  }

  @Test
  void csvExtensionSplitsOnCommasEvenWhenTheHeaderHoldsATab() throws IOException {
    TextTable t = TextTable.read(write("a.csv", "a\tb,c\n1,2\n"));

    assertEquals(',', t.delimiter());
    assertEquals(List.of("a\tb", "c"), t.header());
  }

  @Test
  void tsvAndTabExtensionsSplitOnTabsEvenWhenTheHeaderHoldsNone() throws IOException {
    assertEquals('\t', TextTable.read(write("a.tsv", "a,b\n1,2\n")).delimiter());
    assertEquals('\t', TextTable.read(write("a.TAB", "a,b\n1,2\n")).delimiter());
  }

  @Test
  void fileWithoutKnownExtensionIsTabSeparatedWhenItsHeaderHoldsATab() throws IOException {
    TextTable t = TextTable.read(write("SMSCollection", "\nLabel\tSMS\nham\tOk, see you\n"));

    assertEquals('\t', t.delimiter());
    assertEquals(List.of("ham", "Ok, see you"), t.row(0));
  }

  @Test
  void fileWithoutKnownExtensionIsCommaSeparatedWhenItsHeaderHoldsNoTab() throws IOException {
    TextTable t = TextTable.read(write("data.txt", "text,label\nhi\tthere,1\n"));

    assertEquals(',', t.delimiter());
    assertEquals(List.of("hi\tthere", "1"), t.row(0));
  }

  @Test
  void givenDelimiterOverridesTheExtensionAndHonoursQuotes() throws IOException {
    TextTable t = TextTable.read(write("a.tsv", "text;label\n\"a;b\";1\n"), ';');

    assertEquals(List.of("text", "label"), t.header());
    assertEquals(List.of("a;b", "1"), t.row(0));
  }

  @Test
  void columnIsFoundByExactName() throws IOException {
    assertEquals(1, table("text\tlabel\n").column("label"));
  }

  @Test
  void columnIsFoundIgnoringCaseAndSurroundingSpaces() throws IOException {
    TextTable t = TextTable.read(write("a.csv", "Sentence, Label\n"));

    assertEquals(0, t.column("sentence"));
    assertEquals(1, t.column("LABEL"));
  }

  @Test
  void exactNameWinsOverACaseInsensitiveMatch() throws IOException {
    assertEquals(1, table("Label\tlabel\n").column("label"));
  }

  @Test
  void nameMatchingTwoColumnsIgnoringCaseIsRejected() throws IOException {
    DataException e = assertThrows(DataException.class,
        () -> table("Label\tlabel\n").column("LABEL"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("'Label' and 'label'"), e.getMessage());
  }

  @Test
  void columnIsFoundByZeroBasedIndex() throws IOException {
    TextTable t = table("label\tcontent\n");

    assertEquals(0, t.column("0"));
    assertEquals(1, t.column("1"));
  }

  @Test
  void headerNameWinsOverTheSameNumberAsAnIndex() throws IOException {
    assertEquals(1, table("text\t0\n").column("0"));
  }

  @Test
  void unknownColumnMessageListsTheColumnsOnOneLine() throws IOException {
    DataException e = assertThrows(DataException.class,
        () -> table("label\tcontent\n").column("sentence"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("no column 'sentence'"), e.getMessage());
    assertTrue(e.getMessage().contains("[0: label, 1: content]"), e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
  }

  @Test
  void indexPastTheLastColumnIsRejectedSayingHowManyThereAre() throws IOException {
    DataException e = assertThrows(DataException.class,
        () -> table("label\tcontent\n").column("2"));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("has 2 columns"), e.getMessage());
  }

  @Test
  void missingFileFailsSayingItDoesNotExist() {
    DataException e = assertThrows(DataException.class,
        () -> TextTable.read(dir.resolve("absent.tsv")));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void fileThatIsNotUtf8FailsSayingSo() throws IOException {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, "text,label\ncaf\u00e9,1\n".getBytes(StandardCharsets.ISO_8859_1));

    DataException e = assertThrows(DataException.class, () -> TextTable.read(file));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
  }

  @Test
  void utf8TextIsDecoded() throws IOException {
    TextTable t = table("text\tlabel\ncaf\u00e9 \u2014 \u00fcber \uD83D\uDE00\t1\n");

    assertEquals("caf\u00e9 \u2014 \u00fcber \uD83D\uDE00", t.row(0).get(0));
  }

  @Test
  void quoteNeverClosedFailsNamingTheLineItOpensOn() throws IOException {
    Path file = write("a.csv", "text,label\nok,1\n\"never closed,0\nmore,1\n");

    DataException e = assertThrows(DataException.class, () -> TextTable.read(file));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    assertTrue(e.getMessage().contains("never closed"), e.getMessage());
  }

  @Test
  void emptyFileFailsSayingItHasNoHeader() throws IOException {
    DataException e = assertThrows(DataException.class,
        () -> TextTable.read(write("empty.tsv", "\n\n")));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("no header"), e.getMessage());
  }

  private TextTable table(String tsv) throws IOException {
    return TextTable.read(write("t.tsv", tsv));
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static void assertOneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
