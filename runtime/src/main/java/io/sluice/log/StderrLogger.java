package io.sluice.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that writes lines of the form {@code [sluice] LEVEL SimpleName: message} to {@code
 * System.err}, followed by the stack trace of a throwable. The level check is a field comparison,
 * and slf4j's {@link org.slf4j.helpers.AbstractLogger} makes it before building any argument array,
 * so a disabled call allocates nothing.
 */
final class StderrLogger extends LegacyAbstractLogger {
  private final String label;
  private final int threshold;

  /**
   * @param threshold the lowest {@link Level#toInt()} that is written; {@link Integer#MAX_VALUE}
   *     writes nothing
   */
  StderrLogger(String name, int threshold) {
    this.name = name;
    this.label = name.substring(name.lastIndexOf('.') + 1);
    this.threshold = threshold;
  }

  @Override
  public boolean isTraceEnabled() {
    return threshold <= Level.TRACE.toInt();
  }

  @Override
  public boolean isDebugEnabled() {
    return threshold <= Level.DEBUG.toInt();
  }

  @Override
  public boolean isInfoEnabled() {
    return threshold <= Level.INFO.toInt();
  }

  @Override
  public boolean isWarnEnabled() {
    return threshold <= Level.WARN.toInt();
  }

  @Override
  public boolean isErrorEnabled() {
    return threshold <= Level.ERROR.toInt();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null; // no caller data is printed
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
    StringWriter line = new StringWriter();
    PrintWriter out = new PrintWriter(line);
    out.print("[sluice] ");
    out.print(level);
    out.print(' ');
    out.print(label);
    out.print(": ");
    out.println(MessageFormatter.basicArrayFormat(pattern, arguments));
    if (throwable != null) {
      throwable.printStackTrace(out);
    }
    out.flush();
    // One print per event: PrintStream locks around it, so lines from threads never interleave.
    // System.err is read each time so a redirect made after start is honoured.
    PrintStream err = System.err;
    err.print(line);
    err.flush();
  }
}
