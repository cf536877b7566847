package io.sluice.sql;

import java.util.Arrays;
import java.util.Locale;

/** Variable names as MySQL resolves them from their tokens. */
final class Names {
  private Names() {}

  /**
   * The name of a {@link Token#USER_VAR} token's variable: without {@code @}, whitespace or quotes,
   * in lower case (user variable names are case-insensitive).
   */
  static String userVariable(String token) {
    String name = token.substring(1).strip();
    char first = name.charAt(0);
    if (first == '\'' || first == '"' || first == '`') {
      name = TokenList.unquote(name);
    }
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * A {@link Token#SYS_VAR} token's scope and name: {@code {"session", "sql_mode"}} for
   * {@code @@SESSION.sql_mode}, {@code {null, "default.key_buffer_size"}} for a structured variable
   * without a scope. Both lower case, without quotes.
   */
  static String[] systemVariable(String token) {
    String[] parts = token.substring(2).split("\\.", -1);
    for (int p = 0; p < parts.length; p++) {
      String part = parts[p].strip();
      parts[p] = (part.startsWith("`") ? TokenList.unquote(part) : part).toLowerCase(Locale.ROOT);
    }
    boolean scoped = parts.length > 1 && isScope(parts[0]);
    String name = String.join(".", Arrays.copyOfRange(parts, scoped ? 1 : 0, parts.length));
    return new String[] {scoped ? parts[0] : null, name};
  }

  private static boolean isScope(String word) {
    switch (word) {
      case "global":
      case "session":
      case "local":
      case "persist":
      case "persist_only":
        return true;
      default:
        return false;
    }
  }
}
