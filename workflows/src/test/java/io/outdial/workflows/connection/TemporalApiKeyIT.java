package io.outdial.workflows.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.namespace.v1.NamespaceInfo;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an API key puts on the wire, seen by a TLS gRPC server of the test's own that answers as a
 * Temporal frontend and records every call's headers: the dev server takes no API key, so it could
 * not tell. Temporal Cloud reads {@code authorization: Bearer <key>} and routes by {@code
 * temporal-namespace}. Needs no service: the server is on a loopback port of its own.
 */
class TemporalApiKeyIT {
  private static final String API_KEY = "outdial-test-api-key-6c1f";
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> NAMESPACE =
      Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER);

  private static TestPki pki;
  private static Server server;
  private static final List<Metadata> calls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void frontend() throws Exception {
    pki = TestPki.shared();
    ServerInterceptor recorder =
        new ServerInterceptor() {
          @Override
          public <Q, A> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
            calls.add(headers);
            return next.startCall(call, headers);
          }
        };
    WorkflowServiceGrpc.WorkflowServiceImplBase frontend =
        new WorkflowServiceGrpc.WorkflowServiceImplBase() {
          @Override
          public void getSystemInfo(
              GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> answer) {
            answer.onNext(GetSystemInfoResponse.getDefaultInstance());
            answer.onCompleted();
          }

          @Override
          public void describeNamespace(
              DescribeNamespaceRequest request, StreamObserver<DescribeNamespaceResponse> answer) {
            answer.onNext(
                DescribeNamespaceResponse.newBuilder()
                    .setNamespaceInfo(NamespaceInfo.newBuilder().setName(request.getNamespace()))
                    .build());
            answer.onCompleted();
          }
        };
    server =
        NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sslContext(
                GrpcSslContexts.forServer(pki.serverCert.toFile(), pki.serverKey.toFile()).build())
            .addService(ServerInterceptors.intercept(frontend, recorder))
            .build()
            .start();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @BeforeEach
  void forget() {
    calls.clear();
  }

  private static Map<String, String> env(String apiKey) {
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "TEMPORAL_ADDRESS",
                "127.0.0.1:" + server.getPort(),
                "TEMPORAL_NAMESPACE",
                "outdial.a1b2c",
                "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
                pki.caCert.toString(),
                "TEMPORAL_TLS_SERVER_NAME",
                TestPki.SERVER_NAME));
    if (apiKey != null) {
      env.put("TEMPORAL_API_KEY", apiKey);
    }
    return env;
  }

  /** As the api-server's health check calls it: on the stubs, without the SDK's client. */
  private static String describeNamespace(TemporalConnection connection)
      throws InterruptedException {
    WorkflowServiceStubs stubs = connection.newServiceStubs();
    try {
      return stubs
          .blockingStub()
          .withDeadlineAfter(20, TimeUnit.SECONDS)
          .describeNamespace(
              DescribeNamespaceRequest.newBuilder().setNamespace(connection.namespace()).build())
          .getNamespaceInfo()
          .getName();
    } finally {
      stubs.shutdownNow();
      stubs.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void everyCallCarriesTheKeyAndTheNamespaceOverTls() throws Exception {
    TemporalConnection connection = TemporalConnection.fromEnvironment(env(API_KEY));
    assertThat(describeNamespace(connection)).isEqualTo("outdial.a1b2c");
    assertThat(calls).isNotEmpty();
    for (Metadata headers : calls) {
      assertThat(headers.get(AUTHORIZATION)).isEqualTo("Bearer " + API_KEY);
      assertThat(headers.get(NAMESPACE)).isEqualTo("outdial.a1b2c");
    }
  }

  @Test
  void withoutAKeyNoAuthorizationIsSent() throws Exception {
    assertThat(describeNamespace(TemporalConnection.fromEnvironment(env(null))))
        .isEqualTo("outdial.a1b2c");
    assertThat(calls).isNotEmpty().allSatisfy(h -> assertThat(h.get(AUTHORIZATION)).isNull());
  }
}
