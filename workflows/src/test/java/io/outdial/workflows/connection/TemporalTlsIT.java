package io.outdial.workflows.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real client over TLS and mTLS to a real Temporal: the dev server (plain, it has no TLS)
 * behind {@link TlsTerminatingProxy}s with certificates of a CA made for the test. A worker and a
 * client built by {@link TemporalConnection} from the worker's environment variables run a workflow
 * through the proxy; the same proxy refuses a client without its certificate, one that checks the
 * wrong server name, and one that trusts only the system's CAs.
 *
 * <p>Needs the Temporal dev server at {@code -Doutdial.it.temporal.address} (127.0.0.1:7233 by
 * default), as {@code temporal-dev/test.sh} starts it.
 */
class TemporalTlsIT {
  private static final String TEMPORAL =
      System.getProperty("outdial.it.temporal.address", "127.0.0.1:7233");

  private static TestPki pki;
  private static TlsTerminatingProxy tls;
  private static TlsTerminatingProxy mutualTls;

  @WorkflowInterface
  public interface Echo {
    @WorkflowMethod
    String echo(String text);
  }

  public static class EchoImpl implements Echo {
    @Override
    public String echo(String text) {
      return text;
    }
  }

  @BeforeAll
  static void proxies() throws Exception {
    String[] hostPort = TEMPORAL.split(":");
    InetSocketAddress backend = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
    try (Socket s = new Socket()) {
      s.connect(backend, 2000);
    } catch (IOException e) {
      fail(
          "The Temporal dev server is not reachable at "
              + TEMPORAL
              + " ("
              + e.getMessage()
              + "). Start it with temporal-dev/temporal.sh start, or point"
              + " -Doutdial.it.temporal.address=host:port at one.");
    }
    pki = TestPki.shared();
    SSLContext server = pki.serverContext();
    tls = new TlsTerminatingProxy(server, false, backend);
    mutualTls = new TlsTerminatingProxy(server, true, backend);
  }

  @AfterAll
  static void close() throws IOException {
    if (tls != null) {
      tls.close();
    }
    if (mutualTls != null) {
      mutualTls.close();
    }
  }

  private static TemporalConnection connection(String address, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_ADDRESS", address);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return TemporalConnection.fromEnvironment(env);
  }

  @Test
  void aWorkflowRunsOverTlsCheckedAgainstTheCaAndTheServerName() throws Exception {
    TemporalConnection connection =
        connection(
            tls.address(),
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
            pki.caCert.toString(),
            "TEMPORAL_TLS_SERVER_NAME",
            TestPki.SERVER_NAME);
    assertThat(echoThrough(connection)).isEqualTo("hello over TLS");
  }

  @Test
  void aWorkflowRunsOverMutualTls() throws Exception {
    TemporalConnection connection =
        connection(
            mutualTls.address(),
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
            pki.caCert.toString(),
            "TEMPORAL_TLS_CLIENT_CERT_PATH",
            pki.clientCert.toString(),
            "TEMPORAL_TLS_CLIENT_KEY_PATH",
            pki.clientKey.toString(),
            "TEMPORAL_TLS_SERVER_NAME",
            TestPki.SERVER_NAME);
    assertThat(echoThrough(connection)).isEqualTo("hello over TLS");
  }

  @Test
  void withoutItsCertificateTheClientIsRefusedByAnMtlsServer() {
    assertRefused(
        connection(
            mutualTls.address(),
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
            pki.caCert.toString(),
            "TEMPORAL_TLS_SERVER_NAME",
            TestPki.SERVER_NAME),
        // The server's alert (BoringSSL: SSLV3_ALERT_BAD_CERTIFICATE; the JDK: bad_certificate).
        "bad_certificate");
  }

  @Test
  void theServerCertificateMustNameTheServer() {
    // The certificate is for temporal.test only; without the server name the client checks it
    // against 127.0.0.1.
    assertRefused(
        connection(tls.address(), "TEMPORAL_TLS_SERVER_CA_CERT_PATH", pki.caCert.toString()),
        "No subject alternative names matching IP address 127.0.0.1");
  }

  @Test
  void withoutTheCaTheSystemTrustStoreDoesNotTrustTheServer() {
    assertRefused(
        connection(
            tls.address(), "TEMPORAL_TLS", "true", "TEMPORAL_TLS_SERVER_NAME", TestPki.SERVER_NAME),
        "PKIX path building failed");
  }

  /** A worker and a client of this connection run one workflow, on a task queue of its own. */
  private static String echoThrough(TemporalConnection connection) throws InterruptedException {
    WorkflowServiceStubs stubs = connection.newServiceStubs();
    WorkflowClient client = connection.newClient(stubs);
    String queue = "outdial-tls-it-" + UUID.randomUUID();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    factory.newWorker(queue).registerWorkflowImplementationTypes(EchoImpl.class);
    factory.start();
    try {
      Echo echo =
          client.newWorkflowStub(
              Echo.class,
              WorkflowOptions.newBuilder()
                  .setTaskQueue(queue)
                  .setWorkflowId(queue)
                  .setWorkflowExecutionTimeout(Duration.ofSeconds(60))
                  .build());
      return echo.echo("hello over TLS");
    } finally {
      factory.shutdownNow();
      factory.awaitTermination(10, TimeUnit.SECONDS);
      stubs.shutdownNow();
      stubs.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The first call fails in the TLS handshake, for the reason {@code why} (in a cause). */
  private static void assertRefused(TemporalConnection connection, String why) {
    WorkflowServiceStubs stubs = connection.newServiceStubs();
    try {
      assertThatThrownBy(
              () ->
                  stubs
                      .blockingStub()
                      .withDeadlineAfter(20, TimeUnit.SECONDS)
                      .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                StringBuilder causes = new StringBuilder();
                for (Throwable t = e; t != null; t = t.getCause()) {
                  causes.append(t).append('\n');
                }
                assertThat(causes.toString()).containsIgnoringCase(why);
              });
    } finally {
      stubs.shutdownNow();
    }
  }
}
