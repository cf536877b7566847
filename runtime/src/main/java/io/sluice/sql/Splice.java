package io.sluice.sql;

import java.util.List;

/**
 * One edit of a statement's text: {@code [start, end)} is replaced by a session value's literal
 * ({@code target}) or by fixed text. Rewriting only ever splices the original text by offsets; it
 * never renders SQL from a parse, so everything else reaches MySQL exactly as the app wrote it.
 */
record Splice(int start, int end, RewritePoint.Target target, String text) {

  static Splice value(RewritePoint point) {
    return new Splice(point.start(), point.end(), point.target(), null);
  }

  static Splice insert(int at, String text) {
    return new Splice(at, at, null, text);
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
      out.append(splice.target != null ? splice.target.literal(values) : splice.text);
      at = splice.end;
    }
    return out.append(sql, at, sql.length()).toString();
  }
}
