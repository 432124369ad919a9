package io.outdial.activities.ami;

import java.util.Map;

/** Where Asterisk's manager interface is; the secret comes from the environment only. */
public record AmiConfig(String host, int port, String username, String secret) {
  @Override
  public String toString() {
    return "AmiConfig[host=" + host + ", port=" + port + ", username=" + username + ", secret=***]";
  }

  public static AmiConfig fromEnvironment(Map<String, String> env) {
    return new AmiConfig(
        env.getOrDefault("AMI_HOST", "127.0.0.1"),
        Integer.parseInt(env.getOrDefault("AMI_PORT", "5038")),
        env.getOrDefault("AMI_USERNAME", "dialer"),
        env.getOrDefault("AMI_SECRET", "s3cret"));
  }
}
