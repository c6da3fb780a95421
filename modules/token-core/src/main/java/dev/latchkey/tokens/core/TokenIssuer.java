package dev.latchkey.tokens.core;

import java.util.HexFormat;

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
}
