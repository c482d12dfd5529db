package com.karrot.marketplace.item;

/** Where an item is in its life: listed for sale, then sold once. */
public enum ItemStatus {

    /** Listed and not sold yet. */
    AVAILABLE,

    /** Sold to a buyer; it cannot be sold again. */
    SOLD
}
