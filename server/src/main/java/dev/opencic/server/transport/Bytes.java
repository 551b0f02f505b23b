package dev.opencic.server.transport;

/** Joins the pieces a multipart writer returns, so one HTTP/2 DATA frame carries a whole part. */
final class Bytes {
    private Bytes() {}

    static byte[] concat(byte[]... arrays) {
        int n = 0;
        for (byte[] a : arrays) {
            n += a.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, out, pos, a.length);
            pos += a.length;
        }
        return out;
    }
}
