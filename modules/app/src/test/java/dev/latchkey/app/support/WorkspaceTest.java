package dev.latchkey.app.support;

import dev.latchkey.app.support.Api.Session;
import dev.latchkey.app.support.Api.Workspace;
import org.junit.jupiter.api.BeforeEach;

/** An {@link ApiTest} whose every test starts with a fresh workspace and its OWNER. */
public abstract class WorkspaceTest extends ApiTest {
    protected Session owner;
    protected Workspace ws;

    @BeforeEach
    void aWorkspaceWithItsOwner() {
        owner = api.newUser();
        ws = api.createWorkspace(owner);
    }
}
