package io.sluice.it;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.sluice.testkit.TestServers;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The core scenarios on the servers that environment variables name: {@code
 * SLUICE_TEST_MYSQL_URL} (another MySQL) and {@code SLUICE_TEST_MARIADB_URL}, each with {@code
 * _USER} and {@code _PASSWORD} of a user that may create users and databases. {@code .ci/run}
 * names the MariaDB that Debian machines of this project run on 127.0.0.1:3306. With no variable
 * set, there are no tests here.
 */
class OtherServersIT {
  @TestFactory
  Stream<DynamicTest> theCoreHoldsOnEveryNamedServer() {
    return Map.of("mysql", TestServers.MYSQL, "mariadb", TestServers.MARIADB).entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .flatMap(
            named ->
                TestServers.fromEnvironment(named.getValue())
                    .map(server -> scenarios(named.getKey(), server))
                    .orElseGet(Stream::empty));
  }

  /** The core scenarios on one server, named for the test report. */
  static Stream<DynamicTest> scenarios(String name, TestServers.Server server) {
    String tag = name.toLowerCase(Locale.ROOT);
    return Stream.of(
        dynamicTest(
            name + " (" + server + "): 100 held connections use at most the pool size",
            () ->
                MultiplexingIT.assertInPool(
                    Scenarios.hold(
                        AppDatabase.create(server, "it_" + tag + "_hold"),
                        "DRIVER_MANAGER",
                        100,
                        MultiplexingIT.AGENT_ARGS))),
        dynamicTest(
            name + " (" + server + "): transactions isolate, commit and roll back",
            () ->
                TransactionsIT.assertTransactionsBehave(
                    AppDatabase.create(server, "it_" + tag + "_txn"), true)));
  }
}
