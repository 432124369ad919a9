package io.outdial.workflows.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.temporal.serviceclient.GrpcMetadataProvider;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings as the worker reads them from the environment: what each turns on, and that each bad
 * one stops the start with a message naming it (and never holding a secret). The TLS context is
 * checked as built here; {@code TemporalTlsIT} and {@code TemporalApiKeyIT} use it over sockets.
 */
class TemporalConnectionTest {
  private static final String API_KEY = "secret-api-key-0123456789";
  @TempDir static Path dir;
  private static TestPki pki;

  @BeforeAll
  static void certificates() throws Exception {
    pki = TestPki.shared();
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static TemporalConnection connect(String... pairs) {
    return TemporalConnection.fromEnvironment(env(pairs));
  }

  @Test
  void withNothingSetItIsPlainGrpcToTheLocalDevServer() {
    TemporalConnection c = connect();
    WorkflowServiceStubsOptions options = c.serviceStubsOptions().build();
    assertThat(options.getTarget()).isEqualTo("127.0.0.1:7233");
    assertThat(options.getSslContext()).isNull();
    assertThat(options.getGrpcMetadataProviders()).isNullOrEmpty();
    assertThat(c.clientOptions().build().getNamespace()).isEqualTo("default");
    assertThat(c).hasToString("127.0.0.1:7233 namespace default, plain gRPC");
  }

  @Test
  void blankValuesAreUnset() {
    // config.yml's ${VAR:-} and an exported empty variable both give blanks.
    TemporalConnection c =
        connect("TEMPORAL_ADDRESS", " ", "TEMPORAL_TLS", "", "TEMPORAL_TLS_CLIENT_CERT_PATH", "");
    assertThat(c.tls()).isFalse();
    assertThat(c.address()).isEqualTo("127.0.0.1:7233");
  }

  @Test
  void tlsAloneTrustsTheSystemStore() {
    TemporalConnection c =
        connect("TEMPORAL_ADDRESS", "temporal.example:7233", "TEMPORAL_TLS", "true");
    WorkflowServiceStubsOptions options = c.serviceStubsOptions().build();
    assertThat(options.getSslContext()).isNotNull();
    assertThat(options.getSslContext().isClient()).isTrue();
    // gRPC refuses a TLS context that does not offer HTTP/2.
    assertThat(options.getSslContext().applicationProtocolNegotiator().protocols()).contains("h2");
    assertThat(c).hasToString("temporal.example:7233 namespace default, TLS (system trust store)");
  }

  @Test
  void aCaAndAClientCertificateMakeMutualTls() {
    TemporalConnection c =
        connect(
            "TEMPORAL_NAMESPACE", "outdial.a1b2c",
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH", pki.caCert.toString(),
            "TEMPORAL_TLS_CLIENT_CERT_PATH", pki.clientCert.toString(),
            "TEMPORAL_TLS_CLIENT_KEY_PATH", pki.clientKey.toString(),
            "TEMPORAL_TLS_SERVER_NAME", "temporal.test");
    assertThat(c.tls()).isTrue();
    assertThat(c.serviceStubsOptions().build().getSslContext().isClient()).isTrue();
    assertThat(c.serviceStubsOptions().build().getChannelInitializer()).isNotNull();
    assertThat(c.namespace()).isEqualTo("outdial.a1b2c");
    assertThat(c.toString())
        .isEqualTo(
            "127.0.0.1:7233 namespace outdial.a1b2c, TLS (CA "
                + pki.caCert
                + ", client certificate "
                + pki.clientCert
                + ", key "
                + pki.clientKey
                + "), server name temporal.test");
  }

  @Test
  void anApiKeyTurnsTlsOnAndSendsTheKeyAndTheNamespace() {
    TemporalConnection c = connect("TEMPORAL_API_KEY", API_KEY, "TEMPORAL_NAMESPACE", "ns.acct");
    WorkflowServiceStubsOptions options = c.serviceStubsOptions().build();
    assertThat(options.getSslContext()).isNotNull();
    Metadata sent = new Metadata();
    for (GrpcMetadataProvider provider : options.getGrpcMetadataProviders()) {
      sent.merge(provider.getMetadata());
    }
    assertThat(sent.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("Bearer " + API_KEY);
    assertThat(sent.get(Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER)))
        .isEqualTo("ns.acct");
    assertThat(c.toString()).endsWith(", API key set").doesNotContain(API_KEY);
  }

  @Test
  void anApiKeyWithTlsOffIsRefused() {
    assertThatThrownBy(() -> connect("TEMPORAL_TLS", "false", "TEMPORAL_API_KEY", API_KEY))
        .hasMessage(
            "TEMPORAL_TLS is false, but TEMPORAL_API_KEY is set: an API key is never sent without"
                + " TLS; unset one or the other")
        .message()
        .doesNotContain(API_KEY);
  }

  @Test
  void tlsFilesWithTlsOffAreRefused() {
    assertThatThrownBy(
            () ->
                connect(
                    "TEMPORAL_TLS", "off",
                    "TEMPORAL_TLS_SERVER_CA_CERT_PATH", pki.caCert.toString(),
                    "TEMPORAL_TLS_SERVER_NAME", "x"))
        .hasMessage(
            "TEMPORAL_TLS is false, but TEMPORAL_TLS_SERVER_CA_CERT_PATH, TEMPORAL_TLS_SERVER_NAME"
                + " are set, which only TLS uses; unset one or the other");
  }

  @Test
  void aTlsFlagThatIsNotABooleanIsRefused() {
    assertThatThrownBy(() -> connect("TEMPORAL_TLS", "required"))
        .hasMessage("TEMPORAL_TLS must be true or false, got 'required'");
  }

  @Test
  void anAddressWithSpacesIsRefused() {
    assertThatThrownBy(() -> connect("TEMPORAL_ADDRESS", "host 7233"))
        .hasMessage("TEMPORAL_ADDRESS must be host:port, got 'host 7233'");
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused() {
    assertThatThrownBy(() -> connect("TEMPORAL_TLS_CLIENT_CERT_PATH", pki.clientCert.toString()))
        .hasMessage(
            "TEMPORAL_TLS_CLIENT_CERT_PATH is set but TEMPORAL_TLS_CLIENT_KEY_PATH is not: a client"
                + " certificate (mTLS) needs both its certificate and its key file");
    assertThatThrownBy(() -> connect("TEMPORAL_TLS_CLIENT_KEY_PATH", pki.clientKey.toString()))
        .hasMessageStartingWith(
            "TEMPORAL_TLS_CLIENT_KEY_PATH is set but TEMPORAL_TLS_CLIENT_CERT_PATH is not");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(() -> connect("TEMPORAL_TLS_SERVER_CA_CERT_PATH", missing.toString()))
        .hasMessage("TEMPORAL_TLS_SERVER_CA_CERT_PATH names " + missing + ", which does not exist");
    assertThatThrownBy(() -> connect("TEMPORAL_TLS_SERVER_CA_CERT_PATH", dir.toString()))
        .hasMessage("TEMPORAL_TLS_SERVER_CA_CERT_PATH names " + dir + ", which is not a file");
  }

  @Test
  void aKeyGivenAsTheCaIsRefusedWithoutShowingIt() throws Exception {
    String key = Files.readString(pki.clientKey);
    String body = key.lines().skip(1).findFirst().orElseThrow();
    assertThatThrownBy(() -> connect("TEMPORAL_TLS_SERVER_CA_CERT_PATH", pki.clientKey.toString()))
        .hasMessage(
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH: "
                + pki.clientKey
                + " is not a PEM certificate file (-----BEGIN CERTIFICATE-----)")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain(body));
  }

  @Test
  void theKeyOfAnotherCertificateIsRefused() {
    assertThatThrownBy(
            () ->
                connect(
                    "TEMPORAL_TLS_CLIENT_CERT_PATH", pki.clientCert.toString(),
                    "TEMPORAL_TLS_CLIENT_KEY_PATH", pki.otherKey.toString()))
        .hasMessage(
            "TEMPORAL_TLS_CLIENT_KEY_PATH ("
                + pki.otherKey
                + ") is not the key of the certificate in TEMPORAL_TLS_CLIENT_CERT_PATH ("
                + pki.clientCert
                + ")");
  }

  @Test
  void aKeyOfTheWrongKindIsRefused() {
    // The server's key is EC, the client's certificate RSA.
    assertThatThrownBy(
            () ->
                connect(
                    "TEMPORAL_TLS_CLIENT_CERT_PATH", pki.clientCert.toString(),
                    "TEMPORAL_TLS_CLIENT_KEY_PATH", pki.serverKey.toString()))
        .hasMessage(
            "TEMPORAL_TLS_CLIENT_KEY_PATH: "
                + pki.serverKey
                + " holds no RSA private key, and the certificate in"
                + " TEMPORAL_TLS_CLIENT_CERT_PATH ("
                + pki.clientCert
                + ") is RSA");
  }

  @Test
  void aPkcs1KeyIsRefusedWithHowToConvertIt() throws Exception {
    Path pkcs1 = dir.resolve("pkcs1.pem");
    Files.writeString(
        pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    assertThatThrownBy(
            () ->
                connect(
                    "TEMPORAL_TLS_CLIENT_CERT_PATH", pki.clientCert.toString(),
                    "TEMPORAL_TLS_CLIENT_KEY_PATH", pkcs1.toString()))
        .hasMessage(
            "TEMPORAL_TLS_CLIENT_KEY_PATH: "
                + pkcs1
                + " is a RSA PRIVATE KEY; outdial reads PKCS#8 keys (-----BEGIN PRIVATE KEY-----):"
                + " convert it with openssl pkcs8 -topk8 -nocrypt -in <key> -out <new key>");
  }

  @Test
  void anEncryptedKeyIsRefused() throws Exception {
    Path encrypted = dir.resolve("encrypted.pem");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n");
    assertThatThrownBy(
            () ->
                connect(
                    "TEMPORAL_TLS_CLIENT_CERT_PATH", pki.clientCert.toString(),
                    "TEMPORAL_TLS_CLIENT_KEY_PATH", encrypted.toString()))
        .hasMessageContaining(encrypted + " is an encrypted key; give it unencrypted");
  }

  @Test
  void anOlderCliNameAloneIsRefused() {
    assertThatThrownBy(() -> connect("TEMPORAL_TLS_CERT", pki.clientCert.toString()))
        .hasMessage(
            "TEMPORAL_TLS_CERT is set, an older temporal CLI name that outdial does not read: set"
                + " TEMPORAL_TLS_CLIENT_CERT_PATH instead");
    // Beside the newer name (an environment set up for both) it is left to the CLI.
    assertThat(
            connect(
                    "TEMPORAL_TLS_CA",
                    "/elsewhere/ca.pem",
                    "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
                    pki.caCert.toString())
                .tls())
        .isTrue();
  }

  @Test
  void plainIsForTheDevServer() {
    TemporalConnection c = TemporalConnection.plain("127.0.0.1:7299", "default");
    assertThat(c.serviceStubsOptions().build().getTarget()).isEqualTo("127.0.0.1:7299");
    assertThat(c.tls()).isFalse();
  }

  private static String stackText(Throwable e) {
    var out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
