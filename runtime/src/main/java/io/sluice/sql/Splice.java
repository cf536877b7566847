package io.sluice.sql;

import java.util.List;

/**
 * One edit of a statement's text: {@code [start, end)} is replaced by a session value's literal
 * (a function's {@code target}, or a user {@code variable}'s value) or by fixed text. Rewriting
 * only ever splices the original text by offsets; it never renders SQL from a parse, so everything
 * else reaches MySQL exactly as the app wrote it.
 */
record Splice(int start, int end, RewritePoint.Target target, String variable, String text) {

  static Splice value(RewritePoint point) {
    return new Splice(point.start(), point.end(), point.target(), null, null);
  }

  static Splice variable(VariableRead read) {
    return new Splice(read.start(), read.end(), null, read.name(), null);
  }

  static Splice insert(int at, String text) {
    return new Splice(at, at, null, null, text);
  }

  /** What replaces the range, for this session. */
  String replacement(SessionValues values) {
    if (target != null) {
      return target.literal(values);
    }
    return variable != null ? values.userVariableLiteral(variable) : text;
  }

  /**
   * The text with the splices applied.
   *
   * @param splices ordered by start, then end (an insertion at a replaced range's end comes after
   *     it), and not overlapping
   */
  static String apply(String sql, List<Splice> splices, SessionValues values) {
    StringBuilder out = new StringBuilder(sql.length() + 32 * splices.size());
    int at = 0;
    for (Splice splice : splices) {
      out.append(sql, at, splice.start);
      out.append(splice.replacement(values));
      at = splice.end;
    }
    return out.append(sql, at, sql.length()).toString();
  }
}
