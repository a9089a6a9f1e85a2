package org.mambaj.io.pth;

/** A storage named by a pickle's persistent id: its element type, its record key in the zip and its length. */
record StorageRef(StorageType type, String key, long numel) {}
