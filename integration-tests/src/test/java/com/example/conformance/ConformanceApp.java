package com.example.conformance;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * An unchanged JDBC application that runs the conformance scenarios and prints what it observes
 * ({@link Transcript}). The conformance matrix runs it twice per driver and URL profile, direct and
 * under the agent, and compares the two transcripts line by line.
 *
 * <p>Arguments: {@code url=... user=... admin-url=... [scenarios=a,b]}; the password comes from
 * {@code APP_PASSWORD}. It uses the JDBC API only, so it runs on any Connector/J version.
 */
public final class ConformanceApp {
  private ConformanceApp() {}

  /** Every scenario, in the order they run. */
  static Map<String, Scenario> scenarios() {
    Map<String, Scenario> scenarios = new LinkedHashMap<>();
    ResultScenarios.register(scenarios);
    StateScenarios.register(scenarios);
    TransactionScenarios.register(scenarios);
    DiagnosticScenarios.register(scenarios);
    return scenarios;
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> arguments = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      arguments.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String password = System.getenv().getOrDefault("APP_PASSWORD", "");
    Env env =
        new Env(arguments.get("url"), arguments.get("user"), password, arguments.get("admin-url"));
    Map<String, Scenario> all = scenarios();
    List<String> names =
        arguments.containsKey("scenarios")
            ? List.of(arguments.get("scenarios").split(","))
            : new ArrayList<>(all.keySet());
    Transcript transcript = new Transcript(System.out);
    for (String name : names) {
      Scenario scenario = all.get(name);
      if (scenario == null) {
        throw new IllegalArgumentException("no scenario " + name + "; known: " + all.keySet());
      }
      transcript.scenario(name);
      transcript.run("scenario", () -> scenario.run(env, transcript));
      transcript.run("server", () -> transcript.line("server",
          "open transactions " + env.openTransactions()));
    }
    // Not part of the transcript: whether this JVM multiplexed at all (a tablet MBean exists).
    System.out.println(
        "M|tablets="
            + ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("io.sluice:type=Tablet,*"), null)
                .size());
    System.exit(0);
  }
}
