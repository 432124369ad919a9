package io.outdial.workflows.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * TLS in front of a plain Temporal frontend, as a load balancer terminates it: the dev server has
 * no TLS of its own, so the tests put this between the real client and the real server. It accepts
 * TLS on a loopback port (offering HTTP/2 by ALPN, as gRPC requires; asking for a client
 * certificate signed by the test CA when {@code needClientAuth}) and copies the bytes both ways to
 * the plain server: HTTP/2 over TLS and HTTP/2 with prior knowledge are the same frames.
 */
final class TlsTerminatingProxy implements AutoCloseable {
  private final SSLServerSocket server;
  private final SSLParameters parameters;
  private final InetSocketAddress backend;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  TlsTerminatingProxy(SSLContext context, boolean needClientAuth, InetSocketAddress backend)
      throws IOException {
    this.backend = backend;
    this.server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.parameters = server.getSSLParameters();
    parameters.setApplicationProtocols(new String[] {"h2"});
    parameters.setNeedClientAuth(needClientAuth);
    Thread accept = new Thread(this::acceptLoop, "tls-proxy-accept-" + port());
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String address() {
    return "127.0.0.1:" + port();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        SSLSocket client = (SSLSocket) server.accept();
        open.add(client);
        Thread t = new Thread(() -> serve(client), "tls-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(SSLSocket client) {
    Socket upstream = null;
    try {
      client.setSSLParameters(parameters);
      client.setSoTimeout(10_000);
      // A refused client (no certificate, an untrusted one) ends here or, with TLS 1.3, on the
      // first read below.
      client.startHandshake();
      client.setSoTimeout(0);
      upstream = new Socket();
      open.add(upstream);
      upstream.connect(backend, 5_000);
      Socket up = upstream;
      Thread back = new Thread(() -> copy(up, client), "tls-proxy-down");
      back.setDaemon(true);
      back.start();
      copy(client, upstream);
    } catch (IOException e) {
      // the client or the server went away
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
    }
  }

  /** Copies until either side closes, then closes both. */
  private static void copy(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // closed by the other copy, or a TLS alert
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : open) {
      closeQuietly(socket);
    }
  }
}
