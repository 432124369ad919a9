package io.outdial.api.data;

import io.outdial.api.support.InMemoryResourceStore;

/** The in-memory store of the resource tests keeps the rules the SQL keeps. */
class InMemoryResourceStoreTest extends ResourceStoreContract {
  private final InMemoryResourceStore store = new InMemoryResourceStore();

  @Override
  ResourceStore store() {
    return store;
  }

  @Override
  void setStatus(String campaignId, int status) {
    store.setStatus(campaignId, status);
  }
}
