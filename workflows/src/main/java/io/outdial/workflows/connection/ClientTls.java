package io.outdial.workflows.connection;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of a {@link TemporalConnection}: reads the CA, certificate and key files once, at
 * start, and checks them so that a wrong file is named at start rather than surfacing later as a
 * failed handshake. No message here ever holds a file's content: the key is a secret.
 */
final class ClientTls {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final Pattern OTHER_KEY =
      Pattern.compile("-----BEGIN (RSA|EC|DSA|ENCRYPTED) PRIVATE KEY-----");

  private final Path serverCaCert;
  private final Path clientCert;
  private final Path clientKey;
  private final SslContext sslContext;

  private ClientTls(Path serverCaCert, Path clientCert, Path clientKey, SslContext sslContext) {
    this.serverCaCert = serverCaCert;
    this.clientCert = clientCert;
    this.clientKey = clientKey;
    this.sslContext = sslContext;
  }

  SslContext sslContext() {
    return sslContext;
  }

  /**
   * Reads and checks the files; {@code null} paths are unset: no CA trusts the system's store, no
   * certificate and key is TLS without a client certificate. {@code name} gives each setting's name
   * for messages.
   */
  static ClientTls load(
      Path serverCaCert,
      Path clientCert,
      Path clientKey,
      Function<TemporalConnection.Setting, String> name) {
    String caName = name.apply(TemporalConnection.Setting.SERVER_CA_CERT);
    String certName = name.apply(TemporalConnection.Setting.CLIENT_CERT);
    String keyName = name.apply(TemporalConnection.Setting.CLIENT_KEY);
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException(
          (clientCert == null
                  ? keyName + " is set but " + certName
                  : certName + " is set but " + keyName)
              + " is not: a client certificate (mTLS) needs both its certificate and its key file");
    }
    SimpleSslContextBuilder builder;
    if (clientCert != null) {
      byte[] certPem = read(clientCert, certName);
      List<X509Certificate> chain = certificates(certPem, clientCert, certName);
      byte[] keyPem = read(clientKey, keyName);
      checkKeyMatches(chain.get(0), keyPem, clientKey, keyName, clientCert, certName);
      builder =
          SimpleSslContextBuilder.forPKCS8(
              new ByteArrayInputStream(certPem), new ByteArrayInputStream(keyPem));
    } else {
      builder = SimpleSslContextBuilder.noKeyOrCertChain();
    }
    if (serverCaCert != null) {
      List<X509Certificate> cas = certificates(read(serverCaCert, caName), serverCaCert, caName);
      builder.setTrustManager(trustManager(cas, serverCaCert, caName));
    }
    try {
      return new ClientTls(serverCaCert, clientCert, clientKey, builder.build());
    } catch (SSLException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot build the TLS context from "
              + (clientCert == null ? caName : certName + " and " + keyName)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static byte[] read(Path file, String name) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(name + " names " + file + ", which does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(name + " names " + file + ", which is not a file");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          name + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static List<X509Certificate> certificates(byte[] pem, Path file, String name) {
    List<X509Certificate> certs = new ArrayList<>();
    try {
      for (var cert :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        certs.add((X509Certificate) cert);
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException(
          name + ": " + file + " is not a PEM certificate file (-----BEGIN CERTIFICATE-----)", e);
    }
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": " + file + " holds no certificate (-----BEGIN CERTIFICATE-----)");
    }
    return certs;
  }

  /**
   * The key must be unencrypted PKCS#8 PEM, as Temporal Cloud's tools write it and as Netty reads
   * it without BouncyCastle; and it must be the certificate's, which is otherwise seen only as a
   * handshake the server refuses.
   */
  private static void checkKeyMatches(
      X509Certificate cert,
      byte[] keyPem,
      Path keyFile,
      String keyName,
      Path certFile,
      String certName) {
    String text = new String(keyPem, StandardCharsets.US_ASCII);
    Matcher pkcs8 = PKCS8.matcher(text);
    if (!pkcs8.find()) {
      Matcher other = OTHER_KEY.matcher(text);
      if (other.find()) {
        throw new IllegalArgumentException(
            keyName
                + ": "
                + keyFile
                + (other.group(1).equals("ENCRYPTED")
                    ? " is an encrypted key; give it unencrypted (openssl pkcs8 -in <key> -out <new"
                        + " key>) and protect the file by its permissions"
                    : " is a "
                        + other.group(1)
                        + " PRIVATE KEY; outdial reads PKCS#8 keys (-----BEGIN PRIVATE KEY-----):"
                        + " convert it with openssl pkcs8 -topk8 -nocrypt -in <key> -out <new key>"));
      }
      throw new IllegalArgumentException(
          keyName
              + ": "
              + keyFile
              + " holds no PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    PublicKey publicKey = cert.getPublicKey();
    PrivateKey privateKey;
    try {
      privateKey =
          KeyFactory.getInstance(publicKey.getAlgorithm())
              .generatePrivate(
                  new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pkcs8.group(1))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          keyName
              + ": "
              + keyFile
              + " holds no "
              + publicKey.getAlgorithm()
              + " private key, and the certificate in "
              + certName
              + " ("
              + certFile
              + ") is "
              + publicKey.getAlgorithm());
    }
    String algorithm = signatureAlgorithm(publicKey.getAlgorithm());
    if (algorithm == null) {
      return; // a kind of key we cannot sign with here: the handshake will tell
    }
    try {
      byte[] probe = "outdial".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (verifier.verify(signature)) {
        return;
      }
    } catch (GeneralSecurityException e) {
      // falls through to the mismatch: a key that cannot sign for this certificate is not its key
    }
    throw new IllegalArgumentException(
        keyName
            + " ("
            + keyFile
            + ") is not the key of the certificate in "
            + certName
            + " ("
            + certFile
            + ")");
  }

  private static String signatureAlgorithm(String keyAlgorithm) {
    return switch (keyAlgorithm) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> "EdDSA";
      case "DSA" -> "SHA256withDSA";
      default -> null;
    };
  }

  /** Trusts the given CAs only, in place of the system's trust store. */
  private static TrustManager trustManager(List<X509Certificate> cas, Path file, String name) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager) {
          return manager;
        }
      }
      throw new IllegalStateException("the JDK made no X509TrustManager");
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          name + ": cannot trust the certificates of " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TLS (");
    s.append(serverCaCert == null ? "system trust store" : "CA " + serverCaCert);
    if (clientCert != null) {
      s.append(", client certificate ").append(clientCert).append(", key ").append(clientKey);
    }
    return s.append(')').toString();
  }
}
