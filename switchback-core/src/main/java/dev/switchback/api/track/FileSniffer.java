package dev.switchback.api.track;

/** What the first bytes of a file say it is, to tell the uploader which format they actually sent. */
final class FileSniffer {
    private FileSniffer() {}

    /** A FIT file starts with its header size (12 or 14) and has ".FIT" at bytes 8 to 11. */
    static boolean looksLikeFit(byte[] content) {
        return content.length >= 12
                && (content[0] == 12 || content[0] == 14)
                && content[8] == '.'
                && content[9] == 'F'
                && content[10] == 'I'
                && content[11] == 'T';
    }

    /** XML starts with '<' after an optional byte-order mark and white space (or is UTF-16, with its mark). */
    static boolean looksLikeXml(byte[] content) {
        if (content.length >= 2
                && ((content[0] & 0xff) == 0xfe && (content[1] & 0xff) == 0xff
                        || (content[0] & 0xff) == 0xff && (content[1] & 0xff) == 0xfe)) {
            return true;
        }
        int i = 0;
        if (content.length >= 3
                && (content[0] & 0xff) == 0xef
                && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < content.length
                && (content[i] == ' ' || content[i] == '\t' || content[i] == '\r' || content[i] == '\n')) {
            i++;
        }
        return i < content.length && content[i] == '<';
    }
}
