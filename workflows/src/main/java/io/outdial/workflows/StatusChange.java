package io.outdial.workflows;

/** One step of an attempt's dialing status trail (PRODUCT.md 3.2) with its time (epoch ms). */
public record StatusChange(int status, long atMs, String detail) {}
