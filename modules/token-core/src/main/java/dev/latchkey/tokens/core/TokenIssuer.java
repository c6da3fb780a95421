package dev.latchkey.tokens.core;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Mints secrets and computes the hash they are stored and looked up by; shared by all three kinds. */
public final class TokenIssuer {
    private static final HexFormat HEX = HexFormat.of();

    private final TokenSecrets secrets;
    private final TokenHasher hasher;

    public TokenIssuer(TokenSecrets secrets, TokenHasher hasher) {
        this.secrets = secrets;
        this.hasher = hasher;
    }

    public IssuedToken issue(TokenKind kind) {
        ParsedToken token = TokenFormat.parse(secrets.generate(kind));
        return new IssuedToken(token.value(), storageHash(token), token.hint());
    }

    /** Hex of HMAC-SHA-256(pepper, token): the only form in which a token reaches the database. */
    public String storageHash(ParsedToken token) {
        return HEX.formatHex(hasher.hash(token));
    }

    /**
     * Finds a stored token by its hash under the current pepper or, during a pepper rotation, under
     * an old one; a token found by an old hash is re-keyed to the current hash on the spot, so each
     * token pays the old-pepper look-ups once and the old pepper can be dropped once no row uses it.
     */
    public <T> Optional<T> lookUp(ParsedToken token, Function<String, Optional<T>> byHash, BiConsumer<T, String> rekey) {
        List<byte[]> candidates = hasher.candidateHashes(token);
        String current = HEX.formatHex(candidates.get(0));
        Optional<T> found = byHash.apply(current);
        for (int i = 1; found.isEmpty() && i < candidates.size(); i++) {
            found = byHash.apply(HEX.formatHex(candidates.get(i)));
            found.ifPresent(row -> rekey.accept(row, current));
        }
        return found;
    }
}
