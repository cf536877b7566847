package io.sluice.agent.smoke;

/**
 * Prints whether the agent put its bridge on the bootstrap class path, after loading Connector/J's
 * driver (which an installed agent would instrument).
 */
public final class BridgeProbe {
  private BridgeProbe() {}

  public static void main(String[] args) throws Exception {
    Class.forName("com.mysql.cj.jdbc.Driver");
    boolean bridge;
    try {
      bridge = Class.forName("io.sluice.bootstrap.SluiceBridge", false, null) != null;
    } catch (ClassNotFoundException e) {
      bridge = false;
    }
    System.out.println(bridge ? "bridge: bootstrap" : "bridge: absent");
  }
}
