package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real text corpora of the fixtures folder read completely, with their known figures. */
class RealTextFilesTest {

  @Test
  void sst2DevHas872SentencesInClasses0And1() {
    TextTable t = TextTable.read(Fixtures.require("data/sst2/dev.tsv"));

    LabelledTexts d = LabelledTexts.from(t, "content", null, "label");

    assertEquals(List.of("label", "content"), t.header());
    assertEquals(872, d.size());
    assertEquals(List.of("0", "1"), d.classNames());
    assertArrayEquals(new int[] {428, 444}, d.classCounts());
    assertEquals(List.of(), d.problems());
    assertEquals("one long string of cliches .", d.text(0));
  }

  @Test
  void sst2TrainHas67349SentencesWithoutCarriageReturns() {
    TextTable t = TextTable.read(Fixtures.require("data/sst2/train.tsv"));

    LabelledTexts d = LabelledTexts.from(t, "sentence", null, "label");

    // unlike dev.tsv (label, content) the train file names its text column "sentence"
    assertEquals(List.of("label", "sentence"), t.header());
    assertEquals(67_349, d.size());
    assertEquals(List.of("0", "1"), d.classNames());
    assertArrayEquals(new int[] {29_780, 37_569}, d.classCounts());
    assertEquals(List.of(), d.problems());
    // the file ends its lines with CRLF: a kept \r would become part of every last token
    assertTrue(d.texts().stream().noneMatch(s -> s.indexOf('\r') >= 0));
    assertEquals(67_350, d.lineNumber(d.size() - 1));
  }

  @Test
  void firstFourThousandSst2TrainSentencesKeepBothClasses() {
    LabelledTexts d = LabelledTexts.from(
        TextTable.read(Fixtures.require("data/sst2/train.tsv")), "1", null, "label");

    LabelledTexts first = d.limit(4000);

    assertEquals(4000, first.size());
    assertEquals(List.of("0", "1"), first.classNames());
    assertArrayEquals(new int[] {1807, 2193}, first.classCounts());
    assertEquals(4001, first.lineNumber(3999));
  }

  @Test
  void smsSpamIsSniffedAsTabSeparatedWith4827HamAnd747Spam() {
    TextTable t = TextTable.read(Fixtures.require("data/sms-spam/SMSSpamCollection"));

    LabelledTexts d = LabelledTexts.from(t, "sms", null, "label");

    assertEquals('\t', t.delimiter());
    assertEquals(5574, d.size());
    assertEquals(List.of("ham", "spam"), d.classNames());
    assertArrayEquals(new int[] {4827, 747}, d.classCounts());
    assertEquals(List.of(), d.problems());
  }

  @Test
  void smsSpamMessagesStartingWithAQuoteKeepIt() {
    LabelledTexts d = LabelledTexts.from(
        TextTable.read(Fixtures.require("data/sms-spam/SMSSpamCollection")), "SMS", null,
        "Label");

    long quoted = d.texts().stream().filter(s -> s.startsWith("\"")).count();

    // 54 messages open with a quote, several never close it: CSV quoting would merge rows
    assertEquals(54, quoted);
    assertFalse(d.texts().stream().anyMatch(s -> s.contains("\n")));
  }
}
