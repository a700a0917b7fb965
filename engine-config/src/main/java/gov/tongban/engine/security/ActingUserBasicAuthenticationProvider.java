package gov.tongban.engine.security;

import jakarta.servlet.http.HttpServletRequest;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.AuthenticationResult;
import org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider;

/**
 * HTTP basic authentication for the technical user. When the technical user sends
 * X-Tongban-Actor (the username of the clerk on whose behalf the API acts), the engine
 * authenticates the request as that user, so the engine's user-operation log names the clerk.
 * Only a caller who already passed basic authentication can set it.
 */
public class ActingUserBasicAuthenticationProvider extends HttpBasicAuthenticationProvider {

  static final String ACTOR_HEADER = "X-Tongban-Actor";

  @Override
  public AuthenticationResult extractAuthenticatedUser(HttpServletRequest request, ProcessEngine engine) {
    AuthenticationResult result = super.extractAuthenticatedUser(request, engine);
    if (!result.isAuthenticated()) {
      return result;
    }
    String actor = request.getHeader(ACTOR_HEADER);
    if (actor != null && actor.matches("[A-Za-z0-9_.@-]{1,64}")) {
      return AuthenticationResult.successful(actor);
    }
    return result;
  }
}
