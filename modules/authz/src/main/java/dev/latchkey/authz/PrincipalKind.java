package dev.latchkey.authz;

/** Who is calling: a person with a login session, or one of the three kinds of API token. */
public enum PrincipalKind {
    USER_SESSION,
    PERSONAL_TOKEN,
    WORKSPACE_TOKEN,
    SERVICE_TOKEN
}
