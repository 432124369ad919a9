package io.outdial.workflows.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away CA with a server certificate (for {@value #SERVER_NAME} only) and a client
 * certificate, made at test time with the JDK's keytool, in PEM files as Temporal Cloud hands them
 * out: certificates in PEM, keys in unencrypted PKCS#8 PEM. keytool rather than BouncyCastle: with
 * BouncyCastle on the test classpath Netty would read keys that it cannot read in production.
 */
final class TestPki {
  static final String SERVER_NAME = "temporal.test";
  private static final char[] PASSWORD = "changeit".toCharArray();

  final Path dir;
  final Path caCert;
  final Path serverCert;
  final Path serverKey;
  final Path clientCert;
  final Path clientKey;

  /** A PKCS#8 key of its own, of no certificate here. */
  final Path otherKey;

  private TestPki(Path dir) {
    this.dir = dir;
    this.caCert = dir.resolve("ca.pem");
    this.serverCert = dir.resolve("server.pem");
    this.serverKey = dir.resolve("server-key.pem");
    this.clientCert = dir.resolve("client.pem");
    this.clientKey = dir.resolve("client-key.pem");
    this.otherKey = dir.resolve("other-key.pem");
  }

  private static TestPki shared;

  /**
   * One PKI for every test class of the JVM (each keytool run starts a JVM, seconds on a busy
   * machine), in a directory removed when the JVM ends.
   */
  static synchronized TestPki shared() throws Exception {
    if (shared == null) {
      Path dir = Files.createTempDirectory("outdial-test-pki");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try (var files = Files.list(dir)) {
                      files.forEach(f -> f.toFile().delete());
                    } catch (IOException e) {
                      // left in the temporary directory
                    }
                    dir.toFile().delete();
                  }));
      shared = create(dir);
    }
    return shared;
  }

  private static TestPki create(Path dir) throws Exception {
    TestPki pki = new TestPki(dir);
    pki.keytool(
        "-genkeypair -alias ca -keystore ca.p12 -keyalg EC -ext bc:c -validity 2",
        "-dname",
        "CN=outdial test CA");
    Files.writeString(pki.caCert, pem(pki.store("ca.p12").getCertificate("ca")));
    // EC for the server, RSA for the client: both kinds of key go through the client's checks.
    // Side by side, as each keytool run starts a JVM.
    CompletableFuture<Void> server =
        CompletableFuture.runAsync(
            () ->
                pki.signed("server", "EC", "-ext SAN=dns:" + SERVER_NAME + " -ext EKU=serverAuth"));
    pki.signed("client", "RSA", "-ext EKU=clientAuth");
    server.join();
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    writePkcs8(pki.otherKey, rsa.generateKeyPair().getPrivate());
    return pki;
  }

  /** A key pair in {@code <name>.p12}, its certificate signed by the CA, both written as PEM. */
  private void signed(String name, String keyAlg, String extensions) {
    try {
      String store = name + ".p12";
      keytool(
          "-genkeypair -alias " + name + " -keystore " + store + " -keyalg " + keyAlg,
          "-dname",
          "CN=" + (name.equals("server") ? SERVER_NAME : "outdial " + name));
      keytool("-certreq -alias " + name + " -keystore " + store + " -file " + name + ".csr");
      keytool(
          "-gencert -rfc -alias ca -keystore ca.p12 -validity 2 -infile "
              + name
              + ".csr -outfile "
              + name
              + "-only.pem "
              + extensions);
      // The chain the peer sends: its own certificate, then the CA's.
      Files.writeString(
          dir.resolve(name + ".pem"),
          Files.readString(dir.resolve(name + "-only.pem")) + Files.readString(caCert));
      writePkcs8(dir.resolve(name + "-key.pem"), store(store).getKey(name, PASSWORD));
    } catch (Exception e) {
      throw new IllegalStateException("cannot make the test certificate " + name, e);
    }
  }

  static void writePkcs8(Path file, Key key) throws IOException {
    Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(Certificate cert) throws GeneralSecurityException {
    return pem("CERTIFICATE", cert.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private KeyStore store(String file) throws IOException, GeneralSecurityException {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(file))) {
      keys.load(in, PASSWORD);
    }
    return keys;
  }

  /** Runs keytool in {@link #dir}: the words of {@code options}, then {@code more} as they are. */
  private void keytool(String options, String... more) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(options.split(" ")));
    command.addAll(List.of(more));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", "changeit", "-noprompt"));
    Path log = dir.resolve("keytool-" + Thread.currentThread().getId() + ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("keytool " + options + " failed: " + Files.readString(log));
    }
  }

  /** The server side of TLS: the server's key and chain, and the CA to check clients by. */
  SSLContext serverContext() throws GeneralSecurityException, IOException {
    PrivateKey key = (PrivateKey) store("server.p12").getKey("server", PASSWORD);
    KeyStore chain = KeyStore.getInstance("PKCS12");
    chain.load(null, null);
    chain.setKeyEntry(
        "server", key, PASSWORD, certificates(serverCert).toArray(Certificate[]::new));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(chain, PASSWORD);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificates(caCert).get(0));
    TrustManagerFactory trusted =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trusted.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
    return context;
  }

  private static List<Certificate> certificates(Path pem)
      throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
  }
}
