package io.sluice.it;

import io.sluice.testkit.TestServers;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The core scenarios on another MySQL version, in Docker through Testcontainers. Skipped where no
 * Docker engine runs, as on the machines this project builds on today; the embedded MySQL 8.0.31
 * carries the suite there.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerMysqlIT {
  @Container
  private static final MySQLContainer<?> MYSQL = new MySQLContainer<>("mysql:8.4");

  @TestFactory
  Stream<DynamicTest> theCoreHoldsOnMysqlInDocker() {
    TestServers.Server admin =
        new TestServers.Server(
            MYSQL.getJdbcUrl() + "?sslMode=DISABLED&allowPublicKeyRetrieval=true",
            "root",
            MYSQL.getPassword());
    return OtherServersIT.scenarios("container", admin);
  }
}
