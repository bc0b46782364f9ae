package dev.tftune.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versions are claimed atomically; what killed exports leave is cleaned up or put back. */
class ExportBaseTest {
  @TempDir
  Path tmp;

  /** A written export: a folder with a saved_model.pb naming who wrote it. */
  private static Path written(Path dir, String marker) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("saved_model.pb"), marker);
    return dir;
  }

  /** The pid of a process that has exited. */
  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private List<String> names(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void exportsPublishingAtOnceEachGetTheirOwnVersion() throws Exception {
    Path base = tmp.resolve("base");
    ExportBase exports = ExportBase.of(base);
    int n = 8;
    List<Path> folders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      folders.add(written(exports.newTemporary(), "export " + i));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<Long>> versions = new ArrayList<>();
    for (Path f : folders) {
      versions.add(pool.submit(() -> {
        start.await();
        return exports.publish(f, null, false);
      }));
    }
    start.countDown();
    Set<Long> got = new TreeSet<>();
    Set<String> markers = new TreeSet<>();
    for (Future<Long> v : versions) {
      long version = v.get();
      got.add(version);
      markers.add(Files.readString(base.resolve(version + "/saved_model.pb")));
    }
    pool.shutdown();
    assertEquals(Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), got, "one version each");
    assertEquals(n, markers.size(), "every version holds one export, none replaced");
    assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8"), names(base),
        "nothing but the versions is left");
  }

  @Test
  void anExplicitVersionAnotherExportTookIsRefusedAndKept() throws Exception {
    Path base = tmp.resolve("base");
    ExportBase exports = ExportBase.of(base);
    exports.publish(written(exports.newTemporary(), "first"), 1L, false);
    Path second = written(exports.newTemporary(), "second");
    ExportException e = assertThrows(ExportException.class,
        () -> exports.publish(second, 1L, false));
    assertTrue(e.getMessage().contains("exists already"), e.getMessage());
    assertEquals("first", Files.readString(base.resolve("1/saved_model.pb")));
  }

  @Test
  void replacingAVersionLeavesOnlyTheNewOne() throws Exception {
    Path base = tmp.resolve("base");
    ExportBase exports = ExportBase.of(base);
    exports.publish(written(exports.newTemporary(), "first"), 1L, false);
    exports.publish(written(exports.newTemporary(), "second"), 1L, true);
    assertEquals("second", Files.readString(base.resolve("1/saved_model.pb")));
    assertEquals(List.of("1"), names(base));
  }

  @Test
  void temporaryFoldersOfDeadProcessesAreRemovedAndLiveOnesKept() throws Exception {
    Path base = tmp.resolve("base");
    Path dead = written(base.resolve(".tmp-pid" + deadPid() + "-abc"), "killed mid-export");
    Path live = written(base.resolve(".tmp-pid" + ProcessHandle.current().pid() + "-def"),
        "exporting now");
    Path version = written(base.resolve("1"), "served");
    ExportBase.of(base).cleanStale();
    assertFalse(Files.exists(dead), "a dead process's temporary folder is removed");
    assertTrue(Files.exists(live), "a running export's folder is left alone");
    assertEquals("served", Files.readString(version.resolve("saved_model.pb")));
  }

  @Test
  void aVersionMovedAsideByAKilledReplacementIsPutBack() throws Exception {
    Path base = tmp.resolve("base");
    written(base.resolve(".old-3-pid" + deadPid() + "-abc"), "version 3");
    ExportBase.of(base).cleanStale();
    assertEquals("version 3", Files.readString(base.resolve("3/saved_model.pb")));
    assertEquals(List.of("3"), names(base));
  }

  @Test
  void anExportBaseUnderAFileIsRefusedBeforeTraining() throws Exception {
    Path file = Files.writeString(tmp.resolve("notes.txt"), "x");
    ExportException e = assertThrows(ExportException.class,
        () -> ExportBase.of(file.resolve("models/m")).checkWritable(null, false));
    assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
  }

  @Test
  void anExportBaseThatIsAFileIsRefused() throws Exception {
    Path file = Files.writeString(tmp.resolve("m"), "x");
    ExportException e = assertThrows(ExportException.class,
        () -> ExportBase.of(file).checkWritable(null, false));
    assertTrue(e.getMessage().contains("is a file"), e.getMessage());
  }

  @Test
  void checkingANewBaseWritesNothing() throws Exception {
    ExportBase.of(tmp.resolve("models/m")).checkWritable(null, false);
    assertEquals(List.of(), names(tmp), "the check creates no folder and leaves no file");
  }

  @Test
  void anExistingExplicitVersionIsRefusedBeforeTraining() throws Exception {
    Path base = tmp.resolve("base");
    written(base.resolve("2"), "served");
    ExportException e = assertThrows(ExportException.class,
        () -> ExportBase.of(base).checkWritable(2L, false));
    assertTrue(e.getMessage().contains("version(3)"), e.getMessage());
    ExportBase.of(base).checkWritable(2L, true);
  }

  @Test
  void aReadOnlyBaseIsRefusedBeforeTraining() throws Exception {
    Path base = Files.createDirectories(tmp.resolve("base"));
    assertTrue(base.toFile().setWritable(false, false));
    try {
      // root writes anyway, so the check must be the write it would do, not the permission bits
      boolean writable;
      try {
        Files.delete(Files.createTempFile(base, "probe", ""));
        writable = true;
      } catch (java.io.IOException e) {
        writable = false;
      }
      if (writable) {
        ExportBase.of(base).checkWritable(null, false);
      } else {
        ExportException e = assertThrows(ExportException.class,
            () -> ExportBase.of(base).checkWritable(null, false));
        assertTrue(e.getMessage().contains("not writable"), e.getMessage());
      }
    } finally {
      base.toFile().setWritable(true, false);
    }
  }
}
