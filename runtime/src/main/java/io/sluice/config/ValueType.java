package io.sluice.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the text of one agent arg becomes a typed value: the parse rule, and the words that tell a
 * user what is accepted when the rule says no.
 *
 * @param <T> the type of the parsed value
 */
final class ValueType<T> {
  static final ValueType<Boolean> BOOLEAN =
      new ValueType<>("true or false", ValueType::parseBoolean, String::valueOf);
  static final ValueType<Duration> POSITIVE_DURATION =
      new ValueType<>(
          "a positive duration such as 30s, 500ms, 1m30s or 1.5s, or a plain number of seconds",
          GoDuration::parsePositive,
          GoDuration::format);
  static final ValueType<String> HOST =
      new ValueType<>(
          "an IPv4 or IPv6 address literal or a host name", ValueType::parseHost, host -> host);

  private static final Pattern DIGITS = Pattern.compile("\\d{1,10}");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[\\d.]+");
  private static final String OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
  private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "\\.){3}" + OCTET);
  // Starts with a hex digit or a colon and holds only those and dots (then an optional scope), so
  // InetAddress parses it as a literal and never asks DNS.
  private static final Pattern IPV6_LITERAL =
      Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[\\w.-]+)?");
  private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
  private static final Pattern HOST_NAME =
      Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*\\.?");

  private final String accepted;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;

  /**
   * @param parser returns the value, or {@code null} when the text is not accepted
   * @param formatter spells a value so that the parser reads it back
   */
  private ValueType(String accepted, Function<String, T> parser, Function<T, String> formatter) {
    this.accepted = accepted;
    this.parser = parser;
    this.formatter = formatter;
  }

  /** Decimal integers from {@code min} to {@code max}, both included. */
  static ValueType<Integer> integer(int min, int max) {
    String accepted =
        max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
    return new ValueType<>(
        accepted, text -> parseInteger(text, min, max), value -> Integer.toString(value));
  }

  /** The constants of {@code type}, spelled in any case. */
  static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
    E[] constants = type.getEnumConstants();
    String names =
        Arrays.stream(constants).map(ValueType::lowerCase).collect(Collectors.joining(", "));
    return new ValueType<>(
        "one of " + names,
        text ->
            Arrays.stream(constants)
                .filter(constant -> constant.name().equalsIgnoreCase(text))
                .findFirst()
                .orElse(null),
        ValueType::lowerCase);
  }

  /** What this type accepts, in words that complete "expected ...". */
  String accepted() {
    return accepted;
  }

  /** Returns the value {@code text} spells, or {@code null} if this type does not accept it. */
  T parse(String text) {
    return parser.apply(text);
  }

  /** Spells {@code value}, which this type produced, so that {@link #parse} reads it back. */
  @SuppressWarnings("unchecked")
  String format(Object value) {
    return formatter.apply((T) value);
  }

  private static Boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    return text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
  }

  private static Integer parseInteger(String text, int min, int max) {
    if (!DIGITS.matcher(text).matches()) {
      return null;
    }
    long value = Long.parseLong(text);
    return value >= min && value <= max ? (int) value : null;
  }

  /** Checks the spelling only: resolving a name here could block the JVM's start on DNS. */
  private static String parseHost(String text) {
    if (DIGITS_AND_DOTS.matcher(text).matches()) {
      return IPV4.matcher(text).matches() ? text : null;
    }
    if (text.indexOf(':') >= 0) {
      return IPV6_LITERAL.matcher(text).matches() && isIpv6Literal(text) ? text : null;
    }
    return HOST_NAME.matcher(text).matches() ? text : null;
  }

  private static boolean isIpv6Literal(String text) {
    try {
      InetAddress.getByName(text);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String lowerCase(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }
}
