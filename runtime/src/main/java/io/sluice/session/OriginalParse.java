package io.sluice.session;

import io.sluice.tablet.Physical;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error the server gives the application's own text, where it failed the text Sluice sent
 * (values spliced in, hints, aliases) with an error that quotes that text: a syntax error's
 * "near '...'" must quote what the application wrote.
 *
 * <p>Why it is exact: MySQL's {@code PREPARE} runs the same parser (and name resolution) a
 * statement goes through before it executes, and stops there: it executes nothing. Measured on
 * 8.0.31, its errors for a text carry the same class, SQLState, code and message as executing that
 * text (line numbers included; a text of several statements fails at the same {@code ;}). The text
 * goes to the server as a hex literal in a user variable of Sluice's own, so no quoting or
 * {@code sql_mode} can change it. Where the application's text parses (the rewritten one should
 * not have failed then) or PREPARE does not take that statement (1295), the server's own error
 * stands. The original text is never executed.
 */
final class OriginalParse {
  private static final Logger log = LoggerFactory.getLogger(OriginalParse.class);
  /** Errors whose message quotes the statement's text: ER_PARSE_ERROR, ER_SYNTAX_ERROR. */
  private static final Set<Integer> QUOTING_TEXT = Set.of(1064, 1149);
  /** ER_UNSUPPORTED_PS: the statement parses, but cannot be prepared. */
  private static final int NOT_PREPARABLE = 1295;
  private static final String NAME = "__sluice_parse";

  private OriginalParse() {}

  /**
   * The error for {@code original}, given the one its rewritten text drew on {@code physical}.
   *
   * @return the server's error for the application's text, or {@code rewritten} where none differs
   */
  static SQLException errorFor(Connection physical, String original, SQLException rewritten) {
    if (!QUOTING_TEXT.contains(rewritten.getErrorCode())) {
      return rewritten;
    }
    try {
      Physical.run(
          physical,
          "SET @" + NAME + " = _utf8mb4 X'"
              + HexFormat.of().formatHex(original.getBytes(StandardCharsets.UTF_8)) + "'");
      SQLException parsed = prepare(physical);
      Physical.run(physical, "SET @" + NAME + " = NULL");
      return parsed == null || parsed.getErrorCode() == NOT_PREPARABLE ? rewritten : parsed;
    } catch (SQLException e) {
      log.debug("parsing the application's text failed: {}", e.toString());
      return rewritten;
    }
  }

  /** PREPAREs the text and lets it go again; the error it drew, or null. */
  private static SQLException prepare(Connection physical) throws SQLException {
    try {
      Physical.run(physical, "PREPARE " + NAME + " FROM @" + NAME);
    } catch (SQLException e) {
      if (Physical.isLost(e)) {
        throw e;
      }
      return e;
    }
    Physical.run(physical, "DEALLOCATE PREPARE " + NAME);
    return null;
  }
}
