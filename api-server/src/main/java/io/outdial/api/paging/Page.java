package io.outdial.api.paging;

import java.util.List;

/**
 * One page of a list: {@code items}, the {@code offset} and {@code limit} asked for, and {@code
 * nextOffset}, the offset of the next page, or null when this is the last one.
 */
public record Page<T>(List<T> items, int offset, int limit, Integer nextOffset) {}
