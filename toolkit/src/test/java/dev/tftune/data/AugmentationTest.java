package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The settings of image augmentation: defaults, validation and the text form. */
class AugmentationTest {

  @Test
  void noneChangesNothingAndHasTheDefaultSeed() {
    Augmentation a = Augmentation.none();

    assertTrue(a.isNone());
    assertFalse(a.horizontalFlip());
    assertEquals(0, a.padCrop());
    assertEquals(0f, a.brightness());
    assertEquals(42, a.seed());
  }

  @Test
  void withersChangeOneSettingEach() {
    Augmentation a = Augmentation.none().withHorizontalFlip(true).withPadCrop(4)
        .withBrightness(20).withSeed(7);

    assertEquals(new Augmentation(true, 4, 20, 7), a);
    assertFalse(a.isNone());
  }

  @Test
  void parseReadsAListOfChanges() {
    assertEquals(new Augmentation(true, 4, 12.5f, 42),
        Augmentation.parse(" flip, pad-crop=4 ,brightness=12.5"));
    assertEquals(Augmentation.none().withPadCrop(2), Augmentation.parse("crop=2"));
    assertEquals(Augmentation.none(), Augmentation.parse("none"));
  }

  @Test
  void textFormParsesBackToTheSameSettings() {
    Augmentation a = new Augmentation(true, 4, 20, 42);

    assertEquals("flip,pad-crop=4,brightness=20", a.toString());
    assertEquals(a, Augmentation.parse(a.toString()));
    assertEquals("none", Augmentation.none().toString());
  }

  @Test
  void unknownChangeIsRejectedListingTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Augmentation.parse("flip,rotate=10"));

    assertTrue(e.getMessage().contains("rotate=10"), e.getMessage());
    assertTrue(e.getMessage().contains("pad-crop=PIXELS"), e.getMessage());
  }

  @Test
  void changeWithoutItsNumberIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Augmentation.parse("pad-crop"));

    assertTrue(e.getMessage().contains("needs a number"), e.getMessage());
  }

  @Test
  void negativePaddingOrBrightnessOutOfRangeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Augmentation.none().withPadCrop(-1));
    assertThrows(IllegalArgumentException.class, () -> Augmentation.none().withBrightness(-1));
    assertThrows(IllegalArgumentException.class, () -> Augmentation.none().withBrightness(300));
    assertThrows(IllegalArgumentException.class,
        () -> Augmentation.none().withBrightness(Float.NaN));
  }
}
