package com.example.conformance;

/** One scenario: application code whose every observation goes to the transcript. */
interface Scenario {
  void run(Env env, Transcript transcript) throws Exception;

  /** Reads a table through a fresh connection: what another session sees afterwards. */
  static void readTable(Env env, Transcript transcript, String step, String table) {
    transcript.run(
        step,
        () -> {
          try (var connection = env.open();
              var statement = connection.createStatement()) {
            transcript.query(step, statement, "SELECT * FROM " + table + " ORDER BY 1");
          }
        });
  }
}
