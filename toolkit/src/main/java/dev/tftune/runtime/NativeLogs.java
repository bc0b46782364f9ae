package dev.tftune.runtime;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps TensorFlow's native log lines (loader steps, gradient registration, grappler's
 * {@code Error in PredictCost()} warnings, absl's start-up notice) off the console.
 *
 * <p>TensorFlow writes them from C++ straight to the process's standard error, past Java's
 * {@code System.err} and any logging framework, and its absl-based lines ignore
 * {@code TF_CPP_MIN_LOG_LEVEL}. So {@link #redirect} moves file descriptor 2 itself to a file
 * (through libc, with JNA) and gives Java's {@code System.err} the console it had: Java's own
 * messages still reach the user, native ones go to the file. {@link #quiet} is the gentler
 * default of the Java API: it sets {@code TF_CPP_MIN_LOG_LEVEL=2} in the process environment
 * before TensorFlow first logs, which silences its INFO and WARNING lines (not absl's).
 */
public final class NativeLogs {
  private static final Logger LOG = LoggerFactory.getLogger(NativeLogs.class);
  private static final int STDERR = 2;
  private static final int O_WRONLY = 1;
  private static final int O_CREAT = 0100;
  private static final int O_APPEND = 02000;
  private static boolean redirected;

  private NativeLogs() {}

  /** The few libc calls needed; Linux and macOS have them. */
  private interface LibC extends Library {
    int dup(int fd);

    int dup2(int from, int to);

    int open(String path, int flags, int mode);

    int close(int fd);

    long write(int fd, byte[] bytes, long count);

    int setenv(String name, String value, int overwrite);
  }

  private static LibC libc() {
    return Native.load("c", LibC.class);
  }

  /**
   * Sets {@code TF_CPP_MIN_LOG_LEVEL=2} unless the environment already sets it; effective
   * when called before TensorFlow logs its first line. Does nothing where libc cannot be
   * reached.
   */
  public static synchronized void quiet() {
    if (System.getenv("TF_CPP_MIN_LOG_LEVEL") != null) {
      return;
    }
    try {
      libc().setenv("TF_CPP_MIN_LOG_LEVEL", "2", 0);
    } catch (LinkageError e) {
      LOG.debug("cannot set TF_CPP_MIN_LOG_LEVEL: {}", e.toString());
    }
  }

  /**
   * Sends everything native code writes to standard error into {@code file} (appended) from
   * now on, while Java's {@code System.err} keeps writing to the console. Call it once, before
   * TensorFlow loads; later calls do nothing.
   *
   * @return whether the redirect took effect (false where libc cannot be reached)
   */
  public static synchronized boolean redirect(Path file) {
    if (redirected) {
      return true;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      LibC c = libc();
      int console = c.dup(STDERR);
      int target = c.open(file.toString(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (console < 0 || target < 0) {
        return false;
      }
      System.err.flush();
      System.setErr(new PrintStream(new FileDescriptorStream(c, console), true));
      c.dup2(target, STDERR);
      c.close(target);
      redirected = true;
      return true;
    } catch (IOException | LinkageError e) {
      LOG.debug("native log lines stay on the console: {}", e.toString());
      return false;
    }
  }

  /** Bytes written to a file descriptor with libc's write. */
  private static final class FileDescriptorStream extends OutputStream {
    private final LibC c;
    private final int fd;

    FileDescriptorStream(LibC c, int fd) {
      this.c = c;
      this.fd = fd;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      byte[] part = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
      int done = 0;
      while (done < len) {
        long n = c.write(fd, done == 0 ? part : Arrays.copyOfRange(part, done, len),
            len - done);
        if (n <= 0) {
          return;
        }
        done += (int) n;
      }
    }
  }
}
