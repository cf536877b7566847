package io.sluice.session;

import io.sluice.sql.LexerMode;
import io.sluice.sql.PlanCache;
import io.sluice.tablet.Tablet;
import io.sluice.vars.Settings;
import io.sluice.vars.SqlModes;
import io.sluice.vars.UserValue;
import java.util.HashMap;
import java.util.Map;

/**
 * The MySQL session variables Sluice keeps for a session rather than on a connection: the system
 * variables changed from the tablet's baseline ({@link Settings}), the user variables (what {@link
 * SetAbsorber} read back after the application's SETs), and the plans for the {@code sql_mode} the
 * session's statements are read under. On a reserved connection they live on the connection too
 * ({@link ReservedConnection}).
 *
 * <p>Part of its {@link Session}, and without a lock of its own: every call runs under the
 * session's {@link Session#lock}.
 */
final class SessionVariables {
  private final Tablet tablet;
  private Settings settings = Settings.NONE;
  private Map<String, UserValue> userVariables = Map.of();
  private PlanCache plans;

  SessionVariables(Tablet tablet) {
    this.tablet = tablet;
    this.plans = tablet.plans();
  }

  /** The plans of the session's statements, read under its sql_mode. */
  PlanCache plans() {
    return plans;
  }

  Settings settings() {
    return settings;
  }

  /** Takes new settings, and the plans for the sql_mode they give. */
  void settings(Settings next, String sqlModeLiteral) {
    settings = next;
    if (sqlModeLiteral != null) {
      plans = tablet.plans(LexerMode.of(tablet.serverVersionNumber(), SqlModes.text(sqlModeLiteral)));
    }
  }

  Map<String, UserValue> userVariables() {
    return userVariables;
  }

  /** Keeps a user variable's value, as MySQL reported it after the app's SET. */
  void userVariable(String name, UserValue value) {
    if (userVariables.isEmpty()) {
      userVariables = new HashMap<>();
    }
    userVariables.put(name, value);
  }

  /** Takes the user variables read back from a reserved connection that goes back. */
  void userVariablesReadBack(Map<String, UserValue> variables) {
    userVariables = variables.isEmpty() ? Map.of() : new HashMap<>(variables);
  }

  /** The literal that reads as {@code @name} does, off a reserved connection. */
  String userVariableLiteral(String name) {
    UserValue value = userVariables.get(name);
    return value == null ? UserValue.UNSET : value.literal();
  }
}
