package gov.tongban.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.Tenant;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP basic authentication for the technical user. When the technical user sends
 * X-Tongban-Actor (the username of the clerk on whose behalf the API acts), the engine
 * authenticates the request as that user, so the engine's user-operation log names the clerk.
 * Only a caller who already passed basic authentication can set it.
 *
 * <p>Camunda's filter checks the password (a user query and a salted SHA-512) and then queries
 * the user's groups and tenants on <em>every</em> request: three database round trips before the
 * request's own work, a fifth of the engine's CPU under load. This provider remembers a password
 * that passed, and the groups and tenants of a user, for {@code ENGINE_AUTH_CACHE_SECONDS} (30 by
 * default; 0 turns the cache off). A wrong password is never remembered, so it is checked against
 * the database every time; a changed password or a deleted user is refused at the latest that many
 * seconds later. The cache holds SHA-256 digests of the credentials, never the password itself.
 */
public class ActingUserBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  static final String ACTOR_HEADER = "X-Tongban-Actor";
  static final String CACHE_SECONDS_VARIABLE = "ENGINE_AUTH_CACHE_SECONDS";
  /** More distinct entries than a deployment has users calling the engine: a full cache starts over. */
  static final int MAX_ENTRIES = 1000;

  private record Entry<T>(T value, long expiresAt) {}

  private final long ttlNanos;
  private final Map<String, Entry<Boolean>> passwords = new ConcurrentHashMap<>();
  private final Map<String, Entry<Memberships>> memberships = new ConcurrentHashMap<>();

  record Memberships(List<String> groups, List<String> tenants) {}

  public ActingUserBasicAuthenticationProvider() {
    this(cacheSecondsFromEnvironment());
  }

  ActingUserBasicAuthenticationProvider(long cacheSeconds) {
    this.ttlNanos = Math.max(0, cacheSeconds) * 1_000_000_000L;
  }

  static long cacheSecondsFromEnvironment() {
    String value = System.getenv(CACHE_SECONDS_VARIABLE);
    if (value == null || value.isBlank()) {
      return 30;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(CACHE_SECONDS_VARIABLE + " must be a whole number of seconds: " + value, e);
    }
  }

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
    if (!result.isAuthenticated()) {
      return result;
    }
    String actor = request.getHeader(ACTOR_HEADER);
    if (actor != null && actor.matches("[A-Za-z0-9_.@-]{1,64}")) {
      result = AuthenticationResult.successful(actor);
    }
    // Given here, the filter does not query them again (it does for a result without them).
    Memberships m = membershipsOf(engine, result.getAuthenticatedUser());
    result.setGroups(m.groups());
    result.setTenants(m.tenants());
    return result;
  }

  @Override
  protected boolean isAuthenticated(ProcessEngine engine, String userName, String password) {
    if (ttlNanos == 0) {
      return super.isAuthenticated(engine, userName, password);
    }
    String key = digest(engine.getName(), userName, password);
    if (fresh(passwords.get(key))) {
      return true;
    }
    boolean ok = super.isAuthenticated(engine, userName, password);
    if (ok) {
      put(passwords, key, Boolean.TRUE);
    }
    return ok;
  }

  Memberships membershipsOf(ProcessEngine engine, String userId) {
    String key = engine.getName() + '\u0000' + userId;
    Entry<Memberships> cached = memberships.get(key);
    if (ttlNanos > 0 && fresh(cached)) {
      return cached.value();
    }
    // The same queries as Camunda's ProcessEngineAuthenticationFilter.
    IdentityService identity = engine.getIdentityService();
    List<String> groups = identity.createGroupQuery().groupMember(userId).list().stream().map(Group::getId).toList();
    List<String> tenants =
        identity.createTenantQuery().userMember(userId).includingGroupsOfUser(true).list().stream()
            .map(Tenant::getId)
            .toList();
    Memberships m = new Memberships(groups, tenants);
    if (ttlNanos > 0) {
      put(memberships, key, m);
    }
    return m;
  }

  private boolean fresh(Entry<?> e) {
    return e != null && System.nanoTime() - e.expiresAt() < 0;
  }

  private <T> void put(Map<String, Entry<T>> map, String key, T value) {
    if (map.size() >= MAX_ENTRIES) {
      map.clear();
    }
    map.put(key, new Entry<>(value, System.nanoTime() + ttlNanos));
  }

  private static String digest(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
