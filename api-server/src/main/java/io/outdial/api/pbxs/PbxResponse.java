package io.outdial.api.pbxs;

import io.outdial.store.PbxStore.PbxRow;
import java.util.List;

/**
 * A PBX as the API shows it: where its AMI is and where its secret is read from, never the secret.
 */
public record PbxResponse(
    String id,
    String name,
    String detail,
    String amiHost,
    int amiPort,
    String amiUser,
    String secretRef,
    List<TrunkResponse> trunks) {

  public static PbxResponse of(PbxRow p) {
    return new PbxResponse(
        p.id(),
        p.name(),
        p.detail(),
        p.amiHost(),
        p.amiPort(),
        p.amiUser(),
        p.secretRef(),
        p.trunks().stream().map(TrunkResponse::of).toList());
  }
}
