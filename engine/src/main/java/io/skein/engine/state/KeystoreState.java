package io.skein.engine.state;

import io.skein.core.hmac.WaitpointKeystore;

/** The global waitpoint HMAC keystore (spec 04 §1). */
public interface KeystoreState {

    WaitpointKeystore load();

    /** Replaces the whole keystore (exactly one active key). */
    void replace(WaitpointKeystore keystore);
}
