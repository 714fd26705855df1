package dev.ember.backend;

/** How {@link Backend#scatter} combines a source element with the destination element it lands on. */
public enum ScatterMode { REPLACE, ADD }
